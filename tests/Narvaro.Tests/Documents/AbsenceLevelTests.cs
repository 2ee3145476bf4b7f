using Narvaro.Documents;

namespace Narvaro.Tests.Documents;

/// <summary>Bilaga 3: the level (1–5) the attendance data suggests; level 6 is EHT's call alone.</summary>
public class AbsenceLevelTests
{
    private static PeriodFigures Figures(double absencePercent, int wholeDaysAbsent = 0, int schoolDays = 20) =>
        new(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 30), schoolDays, absencePercent, absencePercent / 2, 0, wholeDaysAbsent);

    private static readonly AbsencePattern NoPattern = new(10,
        new PatternItem("måndag", 12, 6, 25, false), new PatternItem("lektionen kl. 08:00", 12, 6, 25, false), null);

    private static readonly AbsencePattern MondayPattern = new(10,
        new PatternItem("måndag", 30, 6, 60, true), new PatternItem("lektionen kl. 08:00", 12, 6, 25, false), null);

    [Fact]
    public void Suggest_NoFigures_IsNull() => Assert.Null(AbsenceLevel.Suggest(null, null));

    [Fact]
    public void Suggest_NoSchoolDays_IsNull() => Assert.Null(AbsenceLevel.Suggest(Figures(0, schoolDays: 0), null));

    [Fact]
    public void Suggest_NoAbsence_IsLevelOne() => Assert.Equal(1, AbsenceLevel.Suggest(Figures(0), null));

    [Theory]
    [InlineData(0.1)]
    [InlineData(49.9)]
    public void Suggest_SomeAbsenceWithoutPattern_IsLevelTwo(double percent) =>
        Assert.Equal(2, AbsenceLevel.Suggest(Figures(percent), NoPattern));

    [Fact]
    public void Suggest_AbsenceWithoutPatternData_IsLevelTwo() => Assert.Equal(2, AbsenceLevel.Suggest(Figures(12), null));

    [Fact]
    public void Suggest_AbsenceConcentratedOnAWeekday_IsLevelThree() =>
        Assert.Equal(3, AbsenceLevel.Suggest(Figures(12), MondayPattern));

    [Theory]
    [InlineData(10, 20, 4)] // exactly half the school days absent in full
    [InlineData(9, 20, 3)]  // one day short of half: the pattern decides
    [InlineData(6, 11, 4)]  // odd number of days: more than half
    [InlineData(5, 11, 3)]  // less than half
    public void Suggest_WholeDaysAbsent_IsLevelFourFromHalfTheSchoolDays(int wholeDays, int schoolDays, int expected) =>
        Assert.Equal(expected, AbsenceLevel.Suggest(Figures(60, wholeDays, schoolDays), MondayPattern));

    [Fact]
    public void Suggest_AbsentFromEveryLesson_IsLevelFive() =>
        Assert.Equal(5, AbsenceLevel.Suggest(Figures(100, wholeDaysAbsent: 20), MondayPattern));

    [Fact]
    public void Suggest_JustUnderEveryLesson_IsNotLevelFive() =>
        Assert.Equal(4, AbsenceLevel.Suggest(Figures(99.99, wholeDaysAbsent: 19), MondayPattern));

    [Fact]
    public void Suggest_AnyFigures_NeverSuggestsLevelSix()
    {
        var suggested = new HashSet<int?>();
        foreach (var percent in new[] { 0, 0.01, 10, 50, 99.99, 100 })
            for (var wholeDays = 0; wholeDays <= 20; wholeDays++)
                foreach (var pattern in new[] { null, NoPattern, MondayPattern })
                    suggested.Add(AbsenceLevel.Suggest(Figures(percent, wholeDays), pattern));

        Assert.Equal([1, 2, 3, 4, 5], suggested.Order());
        Assert.Contains(AbsenceLevel.Levels, l => l is (6, "LÄMNAS EJ HEMMET"));
    }
}
