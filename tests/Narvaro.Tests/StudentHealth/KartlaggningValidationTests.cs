using Narvaro.StudentHealth;

namespace Narvaro.Tests.StudentHealth;

/// <summary>KartlaggningService.Validate: the date done, the kurator, the answers and the pupil's approval, with explicit dates.</summary>
public sealed class KartlaggningValidationTests
{
    private static readonly DateOnly Today = new(2026, 12, 5);
    private static readonly DateOnly Opened = new(2026, 11, 2);
    private static readonly string[] Kurators = ["kurator-1"];

    private static KartlaggningSubmission Form(string? doneOn = "2026-12-04", string? by = "kurator-1", string?[]? answers = null,
        bool consent = true, string? consentOn = "2026-12-05") =>
        new(doneOn, by, answers ?? ["Svar", null, "", null], consent, consentOn, 0);

    private static IReadOnlyList<KartlaggningError> Validate(KartlaggningSubmission form) =>
        KartlaggningService.Validate(form, Today, Opened, Kurators, out _, out _);

    [Fact]
    public void Validate_AValidForm_NoErrors_DatesParsed()
    {
        var errors = KartlaggningService.Validate(Form(), Today, Opened, Kurators, out var doneOn, out var consentOn);
        Assert.Empty(errors);
        Assert.Equal((new DateOnly(2026, 12, 4), (DateOnly?)Today), (doneOn, consentOn));
    }

    [Theory]
    [InlineData("2026-12-06", "kan inte vara senare än i dag")]
    [InlineData("2026-11-01", "kan inte vara före 2 nov. 2026, dagen då ärendet öppnades")]
    [InlineData("2026-11-31", "Datumet för kartläggningen finns inte")]
    [InlineData("4/12/2026", "Datumet för kartläggningen finns inte")]
    [InlineData(" ", "Ange datum då kartläggningen gjordes")]
    public void Validate_BadDoneOn_MessageAtDoneOn(string doneOn, string message)
    {
        var error = Assert.Single(Validate(Form(doneOn: doneOn, consentOn: "2026-12-05")), e => e.Field == KartlaggningService.DoneOnField);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Validate_DoneOnTheDayTheCaseOpened_AndToday_Allowed()
    {
        Assert.Empty(Validate(Form(doneOn: "2026-11-02")));
        Assert.Empty(Validate(Form(doneOn: "2026-12-05")));
    }

    [Fact]
    public void Validate_UnknownKurator_NoAnswers_TooLongAnswer()
    {
        Assert.Equal(KartlaggningService.DoneByField, Assert.Single(Validate(Form(by: "someone-else"))).Field);
        Assert.Equal("Answer1", Assert.Single(Validate(Form(answers: [null, " ", "", null]))).Field);
        var tooLong = Assert.Single(Validate(Form(answers: ["a", null, null, new string('x', 4001)])));
        Assert.Equal(("Answer4", true), (tooLong.Field, tooLong.Message.Contains("4001 tecken")));
        Assert.Empty(Validate(Form(answers: [new string('x', 4000), null, null, null])));
    }

    [Fact]
    public void Validate_Consent_DateNeededWhenChecked_NotBeforeTheKartlaggning_BoxNeededForADate()
    {
        Assert.Equal(KartlaggningService.ConsentOnField, Assert.Single(Validate(Form(consentOn: null))).Field);
        Assert.Contains("före dagen då den gjordes", Assert.Single(Validate(Form(consentOn: "2026-12-03"))).Message);
        Assert.Equal(KartlaggningService.ConsentField, Assert.Single(Validate(Form(consent: false, consentOn: "2026-12-05"))).Field);
        Assert.Empty(Validate(Form(consent: false, consentOn: null)));
    }
}
