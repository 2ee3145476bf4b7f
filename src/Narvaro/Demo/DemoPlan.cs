using System.Globalization;
using Narvaro.Domain;

namespace Narvaro.Demo;

/// <summary>Independent, reproducible random streams: one per purpose and item, so chunking never changes the data.</summary>
internal static class DemoRandom
{
    public const int Structure = 1;
    public const int Staff = 2;
    public const int PupilIdentity = 3;
    public const int PupilAbsence = 4;
    public const int PupilProfile = 5;

    public static Random For(int seed, int stream, int index)
    {
        // SplitMix64 finaliser: nearby (seed, stream, index) triples give unrelated seeds.
        var x = ((ulong)(uint)seed << 32 | (uint)index) ^ ((ulong)stream * 0x9E3779B97F4A7C15UL);
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return new Random((int)(x & 0x7FFF_FFFF));
    }

    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}

internal sealed class SchoolPlan(int index, string name, string unitCode)
{
    public int Index { get; } = index;
    public string Name { get; } = name;
    public string UnitCode { get; } = unitCode;
    public string Slug { get; } = DemoNames.Slug(name);
    public List<ClassPlan> Classes { get; } = [];
    public int Id { get; set; }
}

internal sealed class ClassPlan(SchoolPlan school, string name, string gradeLevel, int firstPupil, int pupilCount, ClassSchedule schedule)
{
    public SchoolPlan School { get; } = school;
    public string Name { get; } = name;
    public string GradeLevel { get; } = gradeLevel;
    /// <summary>Pupils are numbered 0 … N−1 school by school, class by class.</summary>
    public int FirstPupil { get; } = firstPupil;
    public int PupilCount { get; } = pupilCount;
    public ClassSchedule Schedule { get; } = schedule;
    public int Id { get; set; }
    public string MentorId { get; set; } = "";
}

/// <summary>The shape of the demo huvudman: schools, classes, their sizes and timetables, and the school days.</summary>
internal sealed class DemoPlan
{
    /// <summary>About one F–9 school per this many pupils.</summary>
    public const int PupilsPerSchool = 480;
    public const int TargetClassSize = 25;
    public static readonly string[] Grades = ["F", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    public required int Seed { get; init; }
    public required int PupilCount { get; init; }
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    public required IReadOnlyList<DateOnly> SchoolDays { get; init; }
    public required List<SchoolPlan> Schools { get; init; }
    /// <summary>The demo huvudman's id, once saved.</summary>
    public int OrganisationId { get; set; }
    public IEnumerable<ClassPlan> Classes => Schools.SelectMany(s => s.Classes);
    /// <summary>The class whose mentor is the demo Mentor login; its pupils take the profiles round-robin first.</summary>
    public required ClassPlan ShowcaseClass { get; init; }

    /// <summary>The school year (autumn's calendar year) that <see cref="To"/> belongs to.</summary>
    public int SchoolYear => To.Month >= 7 ? To.Year : To.Year - 1;

    public static DemoPlan Create(int pupils, int seed, DateOnly from, DateOnly to)
    {
        var schoolDays = SwedishSchoolCalendar.SchoolDays(from, to).ToList();
        var windowStart = to.AddDays(-29);
        var random = DemoRandom.For(seed, DemoRandom.Structure, 0);
        var schoolCount = Math.Max(2, (int)Math.Round(pupils / (double)PupilsPerSchool));
        var schools = new List<SchoolPlan>(schoolCount);
        var nextPupil = 0;
        for (var s = 0; s < schoolCount; s++)
        {
            // Fictitious skolenhetskoder: 8 digits, distinct, not in Skolverket's usual ranges.
            var school = new SchoolPlan(s, DemoNames.SchoolName(s), (98_000_000 + s * 1_117 + random.Next(1_000)).ToString(CultureInfo.InvariantCulture));
            var schoolPupils = Share(pupils, schoolCount, s);
            for (var g = 0; g < Grades.Length; g++)
            {
                var gradePupils = Share(schoolPupils, Grades.Length, g);
                var classCount = Math.Max(1, (int)Math.Round(gradePupils / (double)TargetClassSize));
                for (var c = 0; c < classCount; c++)
                {
                    var letter = (char)('A' + c);
                    var name = Grades[g] == "F" ? $"F {letter}" : $"{Grades[g]}{letter}";
                    var classPupils = Share(gradePupils, classCount, c);
                    var timetable = DemoTimetable.ForClass(Grades[g], random);
                    school.Classes.Add(new ClassPlan(school, name, Grades[g], nextPupil, classPupils,
                        new ClassSchedule(timetable, schoolDays, windowStart)));
                    nextPupil += classPupils;
                }
            }
            schools.Add(school);
        }

        var first = schools[0];
        return new DemoPlan
        {
            Seed = seed,
            PupilCount = pupils,
            From = from,
            To = to,
            SchoolDays = schoolDays,
            Schools = schools,
            ShowcaseClass = first.Classes.FirstOrDefault(c => c.GradeLevel == "7" && c.PupilCount > 0) ?? first.Classes[0],
        };
    }

    /// <summary>Part <paramref name="part"/> of <paramref name="total"/> split into <paramref name="parts"/> near-equal parts.</summary>
    private static int Share(int total, int parts, int part) => total / parts + (part < total % parts ? 1 : 0);

    /// <summary>
    /// Counting from the showcase class, the first pupils take one profile each, so even a tiny demo has every step
    /// and the demo mentor sees them; the rest are drawn by weight.
    /// </summary>
    public AbsenceProfile ProfileOf(int pupilIndex)
    {
        var rank = (pupilIndex - ShowcaseClass.FirstPupil + PupilCount) % PupilCount;
        return AbsenceProfiles.For(rank, DemoRandom.For(Seed, DemoRandom.PupilProfile, pupilIndex));
    }

    /// <summary>The pupil's entity with guardians, reproducible from the seed and the pupil's number alone.</summary>
    public Pupil CreatePupil(int pupilIndex, ClassPlan schoolClass)
    {
        var random = DemoRandom.For(Seed, DemoRandom.PupilIdentity, pupilIndex);
        var male = random.Next(2) == 0;
        var lastName = random.Pick(DemoNames.LastNames);
        var grade = schoolClass.GradeLevel == "F" ? 0 : int.Parse(schoolClass.GradeLevel, CultureInfo.InvariantCulture);
        // Pupils start förskoleklass in the autumn of the year they turn six.
        var birthYear = SchoolYear - 6 - grade;
        var birthDate = new DateOnly(birthYear, 1, 1).AddDays(random.Next(DateTime.IsLeapYear(birthYear) ? 366 : 365));
        var pupil = new Pupil
        {
            ExternalId = $"DEMO-{pupilIndex + 1:D6}",
            FirstName = random.Pick(male ? DemoNames.BoyNames : DemoNames.GirlNames),
            LastName = lastName,
            GradeLevel = schoolClass.GradeLevel,
            SchoolId = schoolClass.School.Id,
            ClassId = schoolClass.Id,
            MentorId = schoolClass.MentorId,
            // About one in fifty has no personnummer yet (newly arrived); a few have skyddad identitet.
            PersonalIdentityNumber = pupilIndex % 50 == 49 ? null : SyntheticPersonalIdentity.Create(birthDate, male, random),
            ProtectedIdentity = pupilIndex % 150 == 17,
        };

        var guardianCount = random.NextDouble() < 0.75 ? 2 : 1;
        var motherFirst = random.Next(2) == 0;
        for (var g = 0; g < guardianCount; g++)
        {
            var woman = (g == 0) == motherFirst;
            var firstName = random.Pick(woman ? DemoNames.AdultWomenNames : DemoNames.AdultMenNames);
            var guardianLastName = random.NextDouble() < 0.8 ? lastName : random.Pick(DemoNames.LastNames);
            pupil.Guardians.Add(new Guardian
            {
                Name = $"{firstName} {guardianLastName}",
                Phone = DemoNames.FictionalMobile(pupilIndex * 2 + g),
                Email = $"{DemoNames.Slug(firstName)}.{DemoNames.Slug(guardianLastName)}@{DemoNames.HomeDomain}",
            });
        }
        return pupil;
    }
}
