using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Narvaro.Web.Infrastructure;

/// <summary>Model binding errors in Swedish, so that no English framework text reaches a form.</summary>
internal static class SwedishModelBindingMessages
{
    public static void Apply(DefaultModelBindingMessageProvider messages)
    {
        messages.SetValueIsInvalidAccessor(value => $"Värdet '{value}' är inte giltigt.");
        messages.SetValueMustBeANumberAccessor(field => $"{field} måste vara ett tal.");
        messages.SetMissingBindRequiredValueAccessor(field => $"{field} saknas.");
        messages.SetAttemptedValueIsInvalidAccessor((value, field) => $"Värdet '{value}' är inte giltigt för {field}.");
        messages.SetMissingKeyOrValueAccessor(() => "Ett värde krävs.");
        messages.SetMissingRequestBodyRequiredValueAccessor(() => "Formuläret är tomt.");
        messages.SetValueMustNotBeNullAccessor(value => $"Värdet '{value}' är inte giltigt.");
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"Värdet '{value}' är inte giltigt.");
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => "Värdet är inte giltigt.");
        messages.SetUnknownValueIsInvalidAccessor(field => $"Värdet för {field} är inte giltigt.");
        messages.SetNonPropertyValueMustBeANumberAccessor(() => "Värdet måste vara ett tal.");
    }
}
