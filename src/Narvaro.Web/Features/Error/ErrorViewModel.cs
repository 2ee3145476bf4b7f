namespace Narvaro.Web.Features.Error;

public sealed record ErrorViewModel(int StatusCode, string Heading, string Text)
{
    public static ErrorViewModel For(int statusCode) => statusCode switch
    {
        400 => new(400, "Formuläret kunde inte skickas", "Sidan kan ha varit öppen för länge. Ladda om sidan och försök igen."),
        403 => new(403, "Behörighet saknas", "Du har inte behörighet till sidan."),
        404 => new(404, "Sidan finns inte", "Kontrollera adressen eller gå till startsidan."),
        >= 400 and < 500 => new(statusCode, "Begäran kunde inte utföras", "Gå tillbaka och försök igen."),
        _ => new(500, "Något gick fel", "Ett oväntat fel inträffade. Försök igen om en stund. Kvarstår felet, kontakta administratören."),
    };
}
