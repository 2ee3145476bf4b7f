var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/", () => "Närvaro");
app.Run();

public partial class Program;
