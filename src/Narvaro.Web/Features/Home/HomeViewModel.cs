namespace Narvaro.Web.Features.Home;

public sealed record HomeViewModel(
    string DisplayName,
    IReadOnlyList<string> Roles,
    bool SeesWholeOrganisation,
    IReadOnlyList<SchoolSummaryViewModel> Schools,
    int Mentees,
    IReadOnlyList<RoleIntroduction> Introductions);

public sealed record SchoolSummaryViewModel(int Id, string Name, string SchoolUnitCode, int Pupils);
