namespace Narvaro.Domain;

/// <summary>How a lesson was reported (staircase-rules.md, "Data the rules read").</summary>
public enum AttendanceType
{
    /// <summary>narvarande: present.</summary>
    Present = 0,
    /// <summary>giltig: valid absence reported by the guardian.</summary>
    Valid = 1,
    /// <summary>ogiltig: invalid or unreported absence.</summary>
    Invalid = 2,
    /// <summary>ledighet: leave granted by the rector (SL 7:18).</summary>
    Leave = 3,
    /// <summary>sen: late arrival; absent minutes are the minutes late.</summary>
    Late = 4,
    /// <summary>ej_rapporterad: the teacher has not reported the lesson.</summary>
    NotReported = 5,
}

public static class AttendanceTypes
{
    /// <summary>Parses the CSV value; empty means present.</summary>
    public static bool TryParse(string value, out AttendanceType type)
    {
        switch (value.Trim())
        {
            case "": case "narvarande": type = AttendanceType.Present; return true;
            case "giltig": type = AttendanceType.Valid; return true;
            case "ogiltig": type = AttendanceType.Invalid; return true;
            case "ledighet": type = AttendanceType.Leave; return true;
            case "sen": type = AttendanceType.Late; return true;
            case "ej_rapporterad": type = AttendanceType.NotReported; return true;
            default: type = default; return false;
        }
    }

    public static string ToCsv(this AttendanceType type) => type switch
    {
        AttendanceType.Present => "narvarande",
        AttendanceType.Valid => "giltig",
        AttendanceType.Invalid => "ogiltig",
        AttendanceType.Leave => "ledighet",
        AttendanceType.Late => "sen",
        AttendanceType.NotReported => "ej_rapporterad",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The word staff read.</summary>
    public static string DisplayName(this AttendanceType type) => type switch
    {
        AttendanceType.Present => "Närvarande",
        AttendanceType.Valid => "Giltig frånvaro",
        AttendanceType.Invalid => "Ogiltig frånvaro",
        AttendanceType.Leave => "Beviljad ledighet",
        AttendanceType.Late => "Sen ankomst",
        AttendanceType.NotReported => "Ej rapporterad",
        _ => type.ToString(),
    };
}
