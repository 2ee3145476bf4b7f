# syntax=docker/dockerfile:1
# Närvaro: the web app (Narvaro.Web.dll) and the `narvaro` command (narvaro.dll) in one image.
#   docker compose up --build        (see docs/operations.md)
#   docker run … narvaro:local                          -> the web app on port 8080
#   docker run … --entrypoint dotnet narvaro:local narvaro.dll migrate

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the project files only, so that a code change does not invalidate the package layer.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Narvaro/Narvaro.csproj src/Narvaro/
COPY src/Narvaro.Migrations.Sqlite/Narvaro.Migrations.Sqlite.csproj src/Narvaro.Migrations.Sqlite/
COPY src/Narvaro.Migrations.SqlServer/Narvaro.Migrations.SqlServer.csproj src/Narvaro.Migrations.SqlServer/
COPY src/Narvaro.Migrations.PostgreSql/Narvaro.Migrations.PostgreSql.csproj src/Narvaro.Migrations.PostgreSql/
COPY src/Narvaro.Web/Narvaro.Web.csproj src/Narvaro.Web/
COPY src/Narvaro.Cli/Narvaro.Cli.csproj src/Narvaro.Cli/
RUN dotnet restore src/Narvaro.Web/Narvaro.Web.csproj \
 && dotnet restore src/Narvaro.Cli/Narvaro.Cli.csproj

COPY src/ src/
# Both into one directory: they share Narvaro.Core and the migrations assemblies, and the CLI reads the
# web app's appsettings.json beside it (environment variables override both).
RUN dotnet publish src/Narvaro.Web/Narvaro.Web.csproj -c Release --no-restore -o /app -p:UseAppHost=false \
 && dotnet publish src/Narvaro.Cli/Narvaro.Cli.csproj -c Release --no-restore -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app

# The shared data-protection key ring and the shared folder of import uploads (waiting between preview and
# commit) are mounted here; the non-root app user must be able to write to them.
RUN mkdir -p /keys /import-uploads && chown "$APP_UID" /keys /import-uploads && chmod 700 /import-uploads

COPY --from=build /app ./

ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080 \
    DataProtection__KeysPath=/keys \
    Import__UploadPath=/import-uploads \
    DOTNET_NOLOGO=1

USER $APP_UID
EXPOSE 8080

# /health answers 200 when the database is reachable and fully migrated. No curl in the image: bash's /dev/tcp.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

ENTRYPOINT ["dotnet", "Narvaro.Web.dll"]
