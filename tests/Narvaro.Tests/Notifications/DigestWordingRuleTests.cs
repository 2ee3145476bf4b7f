using Narvaro.Escalation;
using Narvaro.Escalation.Rules;
using Narvaro.Notifications;

namespace Narvaro.Tests.Notifications;

public class DigestWordingRuleTests
{
    /// <summary>Words that tell of health, special needs, social matters or a report about the pupil; none may be mailed.</summary>
    private static readonly string[] SensitiveWords =
    [
        "hälsa", "hälso", "läkar", "skolsköterska", "EHT", "elevhälsa", "skolsocial", "socialtjänst", "orosanmälan", "SST",
        "kartläggning", "skolkurator", "anmäl", "utredning", "skolchef", "huvudman", "psykolog",
    ];

    public static TheoryData<string> AllCodes => new(TaskCatalog.Trosa.Select(t => t.Code));

    [Fact]
    public void EveryCatalogCode_IsDecidedOnce()
    {
        foreach (var task in TaskCatalog.Trosa)
            Assert.True(DigestWordingRule.PlainCodes.Contains(task.Code) ^ DigestWordingRule.SensitiveCodes.ContainsKey(task.Code),
                $"{task.Code} must be in exactly one of PlainCodes and SensitiveCodes.");
        Assert.Equal(TaskCatalog.Trosa.Count, DigestWordingRule.PlainCodes.Count + DigestWordingRule.SensitiveCodes.Count);
        Assert.All(DigestWordingRule.SensitiveCodes.Values, why => Assert.False(string.IsNullOrWhiteSpace(why)));
    }

    [Theory]
    [MemberData(nameof(AllCodes))]
    public void MailTitle_AnyCode_HasNoHealthOrSocialWordAndNoFigure(string code)
    {
        var title = DigestWordingRule.MailTitle(code);

        foreach (var word in SensitiveWords)
            Assert.DoesNotContain(word, title, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("%", title);
    }

    [Theory]
    [InlineData(TaskCatalog.S4Skolsocial, "Uppgift i steg 4 av handlingsplanen")]
    [InlineData(TaskCatalog.S4Halsosamtal, "Uppgift i steg 4 av handlingsplanen")]
    [InlineData(TaskCatalog.S4Eht, "Uppgift i steg 4 av handlingsplanen")]
    [InlineData(TaskCatalog.S4Pedagogisk, "Uppgift i steg 4 av handlingsplanen")]
    [InlineData(TaskCatalog.S4Huvudman, "Uppgift i steg 4 av handlingsplanen")]
    [InlineData(TaskCatalog.S5Sst, "Uppgift i steg 5 av handlingsplanen")]
    [InlineData(TaskCatalog.S5Skolchef, "Uppgift i steg 5 av handlingsplanen")]
    [InlineData(TaskCatalog.S5Weekly, "Uppgift i steg 5 av handlingsplanen")]
    [InlineData(TaskCatalog.S7Concern, "Uppgift i steg 7 av handlingsplanen")]
    [InlineData(TaskCatalog.MReport, "Uppgift i steg M av handlingsplanen")]
    [InlineData(TaskCatalog.L2Report, "Uppgift i steg L2 av handlingsplanen")]
    public void MailTitle_SensitiveCode_IsTheNeutralWording(string code, string expected)
    {
        Assert.False(DigestWordingRule.MayMailTitle(code));
        Assert.Equal(expected, DigestWordingRule.MailTitle(code));
    }

    [Theory]
    [InlineData(TaskCatalog.S1Contact)]
    [InlineData(TaskCatalog.S3Checklist)]
    [InlineData(TaskCatalog.S3Followup)]
    [InlineData(TaskCatalog.S4InformRector)]
    [InlineData(TaskCatalog.L1Contact)]
    public void MailTitle_PlainCode_IsThePlansOwnTitle(string code)
    {
        Assert.True(DigestWordingRule.MayMailTitle(code));
        Assert.Equal(TaskCatalog.Get(code).Title, DigestWordingRule.MailTitle(code));
    }

    [Fact]
    public void MailTitle_UnknownCode_IsNeutral()
    {
        Assert.False(DigestWordingRule.MayMailTitle("X-NEW-CODE"));
        Assert.Equal("Uppgift i handlingsplanen", DigestWordingRule.MailTitle("X-NEW-CODE"));
    }

    [Theory]
    [InlineData(3, 5, "Närvaro: 3 nya och 5 försenade uppgifter")]
    [InlineData(1, 1, "Närvaro: 1 ny och 1 försenad uppgift")]
    [InlineData(2, 0, "Närvaro: 2 nya uppgifter")]
    [InlineData(0, 1, "Närvaro: 1 försenad uppgift")]
    [InlineData(1, 0, "Närvaro: 1 ny uppgift")]
    public void Subject_Counts_ReadsAsSwedish(int newCount, int overdueCount, string expected) =>
        Assert.Equal(expected, DigestService.Subject(newCount, overdueCount));

    [Fact]
    public void SmtpOptionsValidation_WithoutHost_AcceptsAnything()
    {
        var result = new SmtpOptionsValidation().Validate(null, new SmtpOptions { Port = 0, From = "", BaseUrl = "" });
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void SmtpOptionsValidation_WithHost_NamesEachBadSetting()
    {
        var result = new SmtpOptionsValidation().Validate(null,
            new SmtpOptions { Host = "smtp.kommun.se", Port = 0, From = "inte en adress", BaseUrl = "narvaro.kommun.se", UserName = "u" });

        Assert.True(result.Failed);
        Assert.Contains("Smtp:Port", result.FailureMessage);
        Assert.Contains("Smtp:From", result.FailureMessage);
        Assert.Contains("Smtp:BaseUrl", result.FailureMessage);
        Assert.Contains("Smtp:UserName and Smtp:Password", result.FailureMessage);
    }

    [Fact]
    public void SmtpOptionsValidation_WithHostAndGoodSettings_Succeeds()
    {
        var result = new SmtpOptionsValidation().Validate(null,
            new SmtpOptions { Host = "smtp.kommun.se", Port = 587, From = "narvaro@kommun.se", BaseUrl = "https://narvaro.kommun.se" });
        Assert.True(result.Succeeded, result.FailureMessage);
    }
}
