using Narvaro.Domain;

namespace Narvaro.Web.Authorization;

/// <summary>
/// Which schools the signed-in member of staff may see, from their role assignments (<see cref="Narvaro.Access.StaffAccess"/>):
/// a rector or an elevhälsa member the schools of their assignments, a skolchef or administratör every school of
/// their huvudman. Being mentor gives no school: a mentor reaches their mentees only.
/// Pages filter all pupil data through this, after the role check of their policy.
/// </summary>
public interface ISchoolAccess
{
    /// <summary>True for skolchef and administratör, who see the whole organisation.</summary>
    bool SeesWholeOrganisation { get; }

    /// <summary>The schools where the user holds any role, as a query, to filter and project with <c>Select</c>.</summary>
    IQueryable<School> VisibleSchools();

    /// <summary>The schools where the user holds one of these roles.</summary>
    IQueryable<School> SchoolsWhere(params string[] roles);

    /// <summary>The ids of the visible schools.</summary>
    Task<IReadOnlyList<int>> VisibleSchoolIdsAsync(CancellationToken cancellationToken = default);

    /// <summary>Whether the user may see the school with this id.</summary>
    Task<bool> CanSeeSchoolAsync(int schoolId, CancellationToken cancellationToken = default);
}
