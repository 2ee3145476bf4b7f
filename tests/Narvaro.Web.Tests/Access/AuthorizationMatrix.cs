namespace Narvaro.Web.Tests.Access;

/// <summary>The kinds of person the matrix asks as, in the order of its columns.</summary>
public enum Principal
{
    Anonymous,
    /// <summary>Mentor of the pupil (Björkskolan).</summary>
    Mentor,
    /// <summary>Rektor of the pupil's school.</summary>
    Rektor,
    /// <summary>Skolkurator (EHT) of the pupil's school.</summary>
    Kurator,
    /// <summary>Skolchef of the pupil's huvudman.</summary>
    Skolchef,
    /// <summary>Administratör of the pupil's huvudman.</summary>
    Admin,
    /// <summary>Mentor of a pupil of another school of the same huvudman (Ekskolan).</summary>
    MentorOtherSchool,
    /// <summary>Rektor of another school of the same huvudman.</summary>
    RektorOtherSchool,
    /// <summary>Skolkurator of another school of the same huvudman.</summary>
    KuratorOtherSchool,
    /// <summary>Skolchef of another huvudman.</summary>
    SkolchefOtherHuvudman,
    /// <summary>Administratör of another huvudman.</summary>
    AdminOtherHuvudman,
}

/// <summary>One endpoint: a sample address (placeholders from <see cref="MatrixWorld"/>) and the answer each column expects.</summary>
public sealed record MatrixRow(string Endpoint, string SampleUrl, IReadOnlyList<string> Expected)
{
    public string Method => Endpoint[..Endpoint.IndexOf(' ')] is "*" ? "GET" : Endpoint[..Endpoint.IndexOf(' ')];
    /// <summary>Signing out ends the session the next rows would use: it runs last.</summary>
    public bool EndsSession => Endpoint == "POST /konto/logga-ut";
}

/// <summary>
/// Who reaches what, reviewed by hand: one row per endpoint of the app, one answer per <see cref="Principal"/>
/// (a deactivated user always gets what the anonymous column says). Answers: 200; "in" = sent to the sign-in page;
/// 403 = refused by role ("Behörighet saknas", or the access-denied page); 404 = "Sidan finns inte" (out of scope);
/// 400 = a Swedish "fel i förfrågan" page; "3xx" = another redirect (a form's redirect after success). POSTs are sent
/// with a valid antiforgery token and no fields, so an allowed form answers with its validation messages (200) or 400.
/// </summary>
public static class AuthorizationMatrix
{
    public static IReadOnlyList<Principal> Columns { get; } = Enum.GetValues<Principal>();

    // Columns: anonymous, mentor, rektor, kurator, skolchef, admin (all of the pupil's school and huvudman), mentor,
    // rektor and kurator of another school of the huvudman, skolchef and admin of another huvudman.
    public static IReadOnlyList<MatrixRow> Rows { get; } =
    [
        Row("* /fel",                                                      "/fel",                                                           "200 200 200 200 200 200 200 200 200 200 200"),
        Row("* /fel/{statusCode:int}",                                     "/fel/404",                                                       "404 404 404 404 404 404 404 404 404 404 404"),
        Row("* /hangfire/{**path}",                                        "/hangfire",                                                      "in  403 403 403 403 200 403 403 403 403 200"),
        Row("* /health",                                                   "/health",                                                        "200 200 200 200 200 200 200 200 200 200 200"),
        Row("GET /",                                                       "/",                                                              "in  200 200 200 200 200 200 200 200 200 200"),
        Row("GET /admin/import",                                           "/admin/import",                                                  "in  403 403 403 403 200 403 403 403 403 200"),
        Row("GET /admin/import/forhandsgranska/{id}",                      "/admin/import/forhandsgranska/0123456789abcdef0123456789abcdef", "in  403 403 403 403 3xx 403 403 403 403 3xx"),
        Row("GET /admin/import/klar",                                      "/admin/import/klar",                                             "in  403 403 403 403 3xx 403 403 403 403 3xx"),
        Row("GET /admin/jobb",                                             "/admin/jobb",                                                    "in  403 403 403 403 200 403 403 403 403 200"),
        Row("GET /admin/logg",                                             "/admin/logg",                                                    "in  403 403 403 403 200 403 403 403 403 200"),
        Row("GET /admin/logg/csv",                                         "/admin/logg/csv",                                                "in  403 403 403 403 200 403 403 403 403 200"),
        Row("GET /admin/personal",                                         "/admin/personal",                                                "in  403 403 403 403 200 403 403 403 403 200"),
        Row("GET /admin/personal/ny",                                      "/admin/personal/ny",                                             "in  403 403 403 403 200 403 403 403 403 200"),
        Row("GET /admin/personal/{id}",                                    "/admin/personal/{mentorid}",                                     "in  403 403 403 403 200 403 403 403 403 404"),
        Row("GET /admin/policy",                                           "/admin/policy",                                                  "in  403 403 403 403 200 403 403 403 403 200"),
        Row("GET /admin/ss12000",                                          "/admin/ss12000",                                                 "in  403 403 403 403 200 403 403 403 403 200"),
        Row("GET /arende/{id:int}",                                        "/arende/{case}",                                                 "in  200 200 200 404 404 404 404 404 404 404"),
        Row("GET /arende/{id:int}/anmalan",                                "/arende/{case}/anmalan",                                         "in  3xx 3xx 3xx 3xx 3xx 3xx 3xx 3xx 3xx 3xx"),
        Row("GET /arende/{id:int}/avsluta",                                "/arende/{case}/avsluta",                                         "in  3xx 3xx 3xx 3xx 3xx 3xx 3xx 3xx 3xx 3xx"),
        Row("GET /arende/{id:int}/kartlaggning",                           "/arende/{case}/kartlaggning",                                    "in  404 200 200 404 404 404 404 404 404 404"),
        Row("GET /arende/{id:int}/kartlaggning/blank.pdf",                 "/arende/{case}/kartlaggning/blank.pdf",                          "in  404 200 200 404 404 404 404 404 404 404"),
        Row("GET /arende/{id:int}/kartlaggning/ifylld.pdf",                "/arende/{case}/kartlaggning/ifylld.pdf",                         "in  404 200 200 404 404 404 404 404 404 404"),
        Row("GET /arende/{id:int}/kartlaggning/{version:int}.pdf",         "/arende/{case}/kartlaggning/1.pdf",                              "in  404 200 200 404 404 404 404 404 404 404"),
        Row("GET /arende/{id:int}/klar",                                   "/arende/{case}/klar",                                            "in  3xx 3xx 3xx 3xx 3xx 3xx 3xx 3xx 3xx 3xx"),
        Row("GET /arende/{id:int}/sst",                                    "/arende/{case}/sst",                                             "in  404 200 200 404 404 404 404 404 404 404"),
        Row("GET /arende/{id:int}/steg7",                                  "/arende/{case}/steg7",                                           "in  3xx 3xx 3xx 3xx 3xx 3xx 3xx 3xx 3xx 3xx"),
        Row("GET /arende/{id:int}/tilldela",                               "/arende/{case}/tilldela",                                        "in  3xx 3xx 3xx 3xx 3xx 3xx 3xx 3xx 3xx 3xx"),
        Row("GET /checklistor",                                            "/checklistor",                                                   "in  403 200 403 403 403 403 200 403 403 403"),
        Row("GET /dokument/manadsrapport",                                 "/dokument/manadsrapport?manad={month}",                          "in  403 200 403 200 403 403 200 403 200 403"),
        Row("GET /dokument/manadsrapporter",                               "/dokument/manadsrapporter",                                      "in  403 200 403 200 403 403 200 403 200 403"),
        Row("GET /dokument/{id:int}",                                      "/dokument/{document}",                                           "in  200 200 200 404 404 404 404 404 404 404"),
        Row("GET /eht",                                                    "/eht",                                                           "in  403 200 200 403 403 403 200 200 403 403"),
        Row("GET /eht/utvardering/{caseId:int}",                           "/eht/utvardering/{case}",                                        "in  403 200 200 403 403 403 404 404 403 403"),
        Row("GET /elev/{id:int}",                                          "/elev/{pupil}",                                                  "in  200 200 404 404 404 404 404 404 404 404"),
        Row("GET /elev/{id:int}/checklista",                               "/elev/{pupil}/checklista",                                       "in  200 200 404 404 404 404 404 404 404 404"),
        Row("GET /elev/{id:int}/checklista/blank.pdf",                     "/elev/{pupil}/checklista/blank.pdf",                             "in  200 200 404 404 404 404 404 404 404 404"),
        Row("GET /elev/{id:int}/checklista/{version:int}.pdf",             "/elev/{pupil}/checklista/1.pdf",                                 "in  200 200 404 404 404 404 404 404 404 404"),
        Row("GET /eskalering",                                             "/eskalering",                                                    "in  403 200 403 403 403 403 200 403 403 403"),
        Row("GET /konto/inbjudan/{token}",                                 "/konto/inbjudan/okand-lank",                                     "410 410 410 410 410 410 410 410 410 410 410"),
        Row("GET /konto/logga-in",                                         "/konto/logga-in",                                                "200 3xx 3xx 3xx 3xx 3xx 3xx 3xx 3xx 3xx 3xx"),
        Row("GET /konto/logga-in/kod",                                     "/konto/logga-in/kod",                                            "in  in  in  in  in  in  in  in  in  in  in"),
        Row("GET /konto/logga-in/oidc/svar",                               "/konto/logga-in/oidc/svar",                                      "404 404 404 404 404 404 404 404 404 404 404"),
        Row("GET /konto/nekad",                                            "/konto/nekad",                                                   "403 403 403 403 403 403 403 403 403 403 403"),
        Row("GET /konto/tvastegsverifiering",                              "/konto/tvastegsverifiering",                                     "in  200 200 200 200 200 200 200 200 200 200"),
        Row("GET /konto/tvastegsverifiering/aktivera",                     "/konto/tvastegsverifiering/aktivera",                            "in  200 200 200 200 200 200 200 200 200 200"),
        Row("GET /mina-elever",                                            "/mina-elever",                                                   "in  200 200 200 200 200 200 200 200 200 200"),
        Row("GET /mina-uppgifter",                                         "/mina-uppgifter",                                                "in  200 200 200 200 200 200 200 200 200 200"),
        Row("GET /skolchef",                                               "/skolchef",                                                      "in  403 403 403 200 403 403 403 403 200 403"),
        Row("GET /skolchef/export",                                        "/skolchef/export?termin={term}&format=csv",                      "in  403 403 403 200 403 403 403 403 200 403"),
        Row("GET /uppgift/{id:int}",                                       "/uppgift/{mentortask}",                                          "in  200 200 404 404 404 404 404 404 404 404"),
        Row("GET /veckosamtal",                                            "/veckosamtal?vecka={week}",                                      "in  200 403 403 403 403 200 403 403 403 403"),
        Row("POST /admin/import/avbryt",                                   "/admin/import/avbryt",                                           "in  403 403 403 403 3xx 403 403 403 403 3xx"),
        Row("POST /admin/import/genomfor",                                 "/admin/import/genomfor",                                         "in  403 403 403 403 3xx 403 403 403 403 3xx"),
        Row("POST /admin/import/ladda-upp",                                "/admin/import/ladda-upp",                                        "in  403 403 403 403 200 403 403 403 403 200"),
        Row("POST /admin/personal/ny",                                     "/admin/personal/ny",                                             "in  403 403 403 403 200 403 403 403 403 200"),
        Row("POST /admin/personal/{id}/aktivera",                          "/admin/personal/{spare}/aktivera",                               "in  403 403 403 403 3xx 403 403 403 403 404"),
        Row("POST /admin/personal/{id}/inaktivera",                        "/admin/personal/{spare}/inaktivera",                             "in  403 403 403 403 3xx 403 403 403 403 404"),
        Row("POST /admin/personal/{id}/inbjudan",                          "/admin/personal/{spare}/inbjudan",                               "in  403 403 403 403 3xx 403 403 403 403 404"),
        Row("POST /admin/personal/{id}/roller",                            "/admin/personal/{spare}/roller",                                 "in  403 403 403 403 3xx 403 403 403 403 404"),
        Row("POST /admin/personal/{id}/roller/{assignmentId:int}/ta-bort", "/admin/personal/{spare}/roller/{spareassignment}/ta-bort",       "in  403 403 403 403 3xx 403 403 403 403 404"),
        Row("POST /admin/policy",                                          "/admin/policy",                                                  "in  403 403 403 403 200 403 403 403 403 200"),
        Row("POST /admin/ss12000/hamta",                                   "/admin/ss12000/hamta",                                           "in  403 403 403 403 200 403 403 403 403 200"),
        Row("POST /arende/{id:int}/anmalan",                               "/arende/{case}/anmalan",                                         "in  403 200 403 404 404 404 404 404 404 404"),
        Row("POST /arende/{id:int}/avsluta",                               "/arende/{case}/avsluta",                                         "in  403 200 403 404 404 404 404 404 404 404"),
        Row("POST /arende/{id:int}/kartlaggning",                          "/arende/{case}/kartlaggning",                                    "in  404 200 200 404 404 404 404 404 404 404"),
        Row("POST /arende/{id:int}/klar",                                  "/arende/{case}/klar",                                            "in  403 200 200 404 404 404 404 404 404 404"),
        Row("POST /arende/{id:int}/sst/avslut",                            "/arende/{case}/sst/avslut",                                      "in  404 200 404 404 404 404 404 404 404 404"),
        Row("POST /arende/{id:int}/sst/booster",                           "/arende/{case}/sst/booster",                                     "in  404 200 404 404 404 404 404 404 404 404"),
        Row("POST /arende/{id:int}/sst/remiss",                            "/arende/{case}/sst/remiss",                                      "in  404 200 404 404 404 404 404 404 404 404"),
        Row("POST /arende/{id:int}/sst/samtycke-elev",                     "/arende/{case}/sst/samtycke-elev",                               "in  404 200 404 404 404 404 404 404 404 404"),
        Row("POST /arende/{id:int}/sst/samtycke-vardnadshavare",           "/arende/{case}/sst/samtycke-vardnadshavare",                     "in  404 200 404 404 404 404 404 404 404 404"),
        Row("POST /arende/{id:int}/sst/start",                             "/arende/{case}/sst/start",                                       "in  404 200 404 404 404 404 404 404 404 404"),
        Row("POST /arende/{id:int}/steg7",                                 "/arende/{case}/steg7",                                           "in  403 200 403 404 404 404 404 404 404 404"),
        Row("POST /arende/{id:int}/tilldela",                              "/arende/{case}/tilldela",                                        "in  403 200 403 404 404 404 404 404 404 404"),
        Row("POST /eht/moten",                                             "/eht/moten",                                                     "in  403 404 404 403 403 403 404 404 403 403"),
        Row("POST /eht/moten/{id:int}/ta-bort",                            "/eht/moten/{meeting}/ta-bort",                                   "in  403 404 404 403 403 403 404 404 403 403"),
        Row("POST /eht/utvardering/{caseId:int}",                          "/eht/utvardering/{case}",                                        "in  403 200 200 403 403 403 404 404 403 403"),
        Row("POST /elev/{id:int}/checklista",                              "/elev/{pupil}/checklista",                                       "in  200 404 404 404 404 404 404 404 404 404"),
        Row("POST /konto/inbjudan/{token}",                                "/konto/inbjudan/okand-lank",                                     "410 410 410 410 410 410 410 410 410 410 410"),
        Row("POST /konto/logga-in",                                        "/konto/logga-in",                                                "200 200 200 200 200 200 200 200 200 200 200"),
        Row("POST /konto/logga-in/kod",                                    "/konto/logga-in/kod",                                            "in  in  in  in  in  in  in  in  in  in  in"),
        Row("POST /konto/logga-in/oidc",                                   "/konto/logga-in/oidc",                                           "404 404 404 404 404 404 404 404 404 404 404"),
        Row("POST /konto/logga-ut",                                        "/konto/logga-ut",                                                "in  in  in  in  in  in  in  in  in  in  in"),
        Row("POST /konto/tvastegsverifiering/aktivera",                    "/konto/tvastegsverifiering/aktivera",                            "in  200 200 200 200 200 200 200 200 200 200"),
        Row("POST /konto/tvastegsverifiering/nya-reservkoder",             "/konto/tvastegsverifiering/nya-reservkoder",                     "in  404 404 404 404 404 404 404 404 404 404"),
        Row("POST /konto/tvastegsverifiering/stang-av",                    "/konto/tvastegsverifiering/stang-av",                            "in  3xx 3xx 3xx 3xx 3xx 3xx 3xx 3xx 3xx 3xx"),
        Row("POST /uppgift/{id:int}/klar",                                 "/uppgift/{mentortask}/klar",                                     "in  200 403 404 404 404 404 404 404 404 404"),
        Row("POST /uppgift/{id:int}/kontakt",                              "/uppgift/{mentortask}/kontakt",                                  "in  200 403 404 404 404 404 404 404 404 404"),
        Row("POST /veckosamtal/{pupilId:int}",                             "/veckosamtal/{pupil}",                                           "in  400 403 403 403 403 400 403 403 403 403"),
    ];

    private static MatrixRow Row(string endpoint, string sampleUrl, string expected)
    {
        var answers = expected.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (answers.Length != Columns.Count)
            throw new InvalidOperationException($"{endpoint}: {answers.Length} answers for {Columns.Count} columns.");
        return new MatrixRow(endpoint, sampleUrl, answers);
    }
}
