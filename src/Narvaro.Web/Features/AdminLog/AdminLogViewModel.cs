using Narvaro.Audit;
using Narvaro.Web.Features.Escalation;

namespace Narvaro.Web.Features.AdminLog;

public sealed record AdminLogViewModel(AuditLogPage Log, AuditLogFilter Filter, AdminLogFilterInputModel Input,
    IReadOnlyList<FilterError> Errors, AuditChainReport Chain)
{
    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field)?.Message;

    public string PageLink(int page) => "/admin/logg" + AdminLogFilterInputModel.Query(Filter, page);

    public string CsvLink => "/admin/logg/csv" + AdminLogFilterInputModel.Query(Filter);

    /// <summary>What the field shows: the typed text when it was wrong (so it can be corrected), else the used value.</summary>
    public string? Value(string field, string? used, string? typed) => ErrorFor(field) is null ? used : typed;
}
