using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace Narvaro.Web.Features.Import;

/// <summary>
/// [RequestSizeLimit] and [RequestFormLimits] with the configured Import:MaxUploadBytes, and a Swedish page instead
/// of a bare 413 or 400 when a file is too large. It reads the form itself, before the antiforgery filter
/// (order 1000) does: that filter would otherwise fail on the oversized form with a 400.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ImportUploadLimitAttribute : Attribute, IFilterFactory, IOrderedFilter
{
    public int Order => 900;
    public bool IsReusable => true;

    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider) => new Filter(
        serviceProvider.GetRequiredService<IOptions<ImportOptions>>(),
        serviceProvider.GetRequiredService<IModelMetadataProvider>(),
        serviceProvider.GetRequiredService<ILogger<ImportUploadLimitAttribute>>(),
        Order);

    /// <summary>Room for the multipart boundaries, the kind field and the antiforgery token around the file.</summary>
    public const long FormOverheadBytes = 64 * 1024;

    private sealed class Filter(
        IOptions<ImportOptions> options, IModelMetadataProvider metadata, ILogger logger, int order)
        : IAsyncAuthorizationFilter, IOrderedFilter
    {
        public int Order => order;

        public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
        {
            var http = context.HttpContext;
            var maxFile = options.Value.MaxUploadBytes;
            var maxBody = maxFile + FormOverheadBytes;
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
                bodySize.MaxRequestBodySize = maxBody;
            if (!http.Request.HasFormContentType) return;

            // Known too large from the header: answer without reading the body.
            if (http.Request.ContentLength > maxBody)
            {
                Reject(context, maxFile);
                return;
            }
            http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = maxFile }));
            try
            {
                await http.Request.ReadFormAsync(http.RequestAborted);
            }
            catch (Exception e) when (e is InvalidDataException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                logger.LogInformation("Import upload refused: {Reason}", e.Message);
                Reject(context, maxFile);
            }
        }

        private void Reject(AuthorizationFilterContext context, long maxFile)
        {
            var maxText = SwedishFormat.Bytes(maxFile);
            context.ModelState.AddModelError(nameof(ImportUploadInputModel.File),
                $"Filen är för stor. Den största fil som kan laddas upp är {maxText}. Ingenting har sparats. " +
                "Dela upp närvarofilen i kortare perioder och ladda upp dem en i taget.");
            context.Result = new ViewResult
            {
                ViewName = nameof(ImportController.Index),
                StatusCode = StatusCodes.Status413PayloadTooLarge,
                ViewData = new ViewDataDictionary<ImportFormViewModel>(metadata, context.ModelState)
                {
                    Model = new ImportFormViewModel { MaxUploadText = maxText },
                },
            };
        }
    }
}
