using Narvaro.Domain;

namespace Narvaro.Web.Authorization;

/// <summary>
/// Which schools the signed-in member of staff may see. Staff see the schools they are members of
/// (SchoolMembership); skolchef and administratör see every school of their huvudman.
/// Pages filter all pupil data through this, after the role check of their policy.
/// </summary>
public interface ISchoolAccess
{
    /// <summary>True for skolchef and administratör, who see the whole organisation.</summary>
    bool SeesWholeOrganisation { get; }

    /// <summary>The visible schools as a query, to filter and project with <c>Select</c>.</summary>
    IQueryable<School> VisibleSchools();

    /// <summary>The ids of the visible schools.</summary>
    Task<IReadOnlyList<int>> VisibleSchoolIdsAsync(CancellationToken cancellationToken = default);

    /// <summary>Whether the user may see the school with this id.</summary>
    Task<bool> CanSeeSchoolAsync(int schoolId, CancellationToken cancellationToken = default);
}
