using System.Text;

namespace Narvaro.Demo;

/// <summary>Common Swedish names and fictitious place names for the demo huvudman.</summary>
internal static class DemoNames
{
    public const string Municipality = "Sjöviks kommun";
    public const string StaffDomain = "sjovik.demo";
    public const string HomeDomain = "hem.sjovik.demo";

    public static readonly string[] GirlNames =
    [
        "Alice", "Maja", "Vera", "Elsa", "Alma", "Astrid", "Selma", "Ella", "Wilma", "Olivia", "Ebba", "Saga",
        "Freja", "Agnes", "Stella", "Clara", "Signe", "Alva", "Ines", "Ellen", "Lilly", "Molly", "Nova", "Hedda",
        "Juni", "Leah", "Tyra", "Elvira", "Thea", "Edith", "Siri", "Lova", "Märta", "Greta", "Ester", "Ronja",
        "Sara", "Amira", "Hanna", "Linnea", "Ida", "Emma", "Nora", "Liv", "Tilda", "Majken", "Sigrid", "Joline",
    ];

    public static readonly string[] BoyNames =
    [
        "Noah", "William", "Hugo", "Liam", "Lucas", "Oliver", "Oscar", "Elias", "Matteo", "Adam", "Vincent",
        "Nils", "Theo", "Leo", "Alexander", "Ludvig", "Frans", "Harry", "Charlie", "Arvid", "Sam", "Gustav",
        "August", "Isak", "Malte", "Elton", "Viggo", "Melvin", "Otto", "Benjamin", "Loke", "Sixten", "Ebbe",
        "Albin", "Wilhelm", "Axel", "Edvin", "Olle", "Milo", "Kevin", "Omar", "Ali", "Anton", "Emil", "Filip",
        "Jonathan", "Max", "Josef",
    ];

    public static readonly string[] AdultWomenNames =
    [
        "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Emma", "Kristina", "Malin", "Jenny", "Sofia", "Linda",
        "Johanna", "Camilla", "Helena", "Therese", "Cecilia", "Frida", "Elin", "Jessica", "Ulrika", "Petra",
        "Åsa", "Annika", "Marie", "Susanne", "Fatima", "Nadia",
    ];

    public static readonly string[] AdultMenNames =
    [
        "Erik", "Anders", "Johan", "Lars", "Karl", "Per", "Mikael", "Peter", "Jonas", "Fredrik", "Daniel",
        "Andreas", "Magnus", "Mattias", "Stefan", "Henrik", "Marcus", "Niklas", "Patrik", "Tobias", "Martin",
        "Björn", "Jörgen", "Ola", "Mats", "Hassan", "Mohammed", "Dragan",
    ];

    public static readonly string[] LastNames =
    [
        "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
        "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson", "Lindberg",
        "Jakobsson", "Magnusson", "Lindström", "Olofsson", "Lindqvist", "Lindgren", "Berg", "Axelsson",
        "Bergström", "Lundberg", "Lind", "Lundgren", "Lundqvist", "Mattsson", "Berglund", "Fredriksson",
        "Sandberg", "Henriksson", "Forsberg", "Sjöberg", "Wallin", "Ali", "Engström", "Mohammed", "Eklund",
        "Danielsson", "Lundin", "Håkansson", "Björk", "Bergman", "Gunnarsson", "Holm", "Wikström", "Samuelsson",
        "Isaksson", "Fransson", "Bergqvist", "Nyström", "Holmberg", "Arvidsson", "Löfgren", "Söderberg",
        "Nyberg", "Blomqvist", "Claesson", "Nordström", "Mårtensson", "Lundström", "Ahmed", "Viklund",
        "Björklund", "Eliasson", "Pålsson", "Hassan", "Berggren", "Sandström", "Lund", "Nordin", "Ström",
        "Åberg", "Hermansson", "Ekström", "Falk", "Holmgren", "Dahlberg", "Hellström", "Hedlund", "Sundberg",
        "Sjögren", "Ek", "Blom", "Abrahamsson", "Martinsson", "Öberg", "Andreasson", "Strömberg", "Månsson",
        "Åkesson", "Hansen", "Norberg", "Lindholm", "Dahl",
    ];

    private static readonly string[] SchoolPrefixes =
    [
        "Björk", "Ek", "Lind", "Sjö", "Ängs", "Hag", "Ros", "Berg", "Strand", "Skogs", "Vik", "Näs", "Holm",
        "Lunda", "Dal", "Kulla", "Backa", "Fjärd", "Lärk", "Al", "Rönn", "Tall", "Gran", "Hassel", "Äppel",
        "Sol", "Måns", "Tuna", "Vass", "Ängby",
    ];

    private static readonly string[] SchoolSuffixes =
        ["skolan", "backeskolan", "dalsskolan", "hagsskolan", "viksskolan", "lundsskolan", "bergsskolan", "ängsskolan"];

    /// <summary>A distinct, plausible school name for every index.</summary>
    public static string SchoolName(int index)
    {
        var prefix = SchoolPrefixes[index % SchoolPrefixes.Length];
        var round = index / SchoolPrefixes.Length;
        var suffix = SchoolSuffixes[round % SchoolSuffixes.Length];
        var name = prefix + suffix;
        return round < SchoolSuffixes.Length ? name : $"{name} {round / SchoolSuffixes.Length + 1}";
    }

    /// <summary>Lower-case ASCII for e-mail addresses: "Ängsskolan 2" → "angsskolan2".</summary>
    public static string Slug(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var ch in text.ToLowerInvariant())
        {
            switch (ch)
            {
                case 'å' or 'ä': builder.Append('a'); break;
                case 'ö': builder.Append('o'); break;
                case 'é': builder.Append('e'); break;
                case >= 'a' and <= 'z' or >= '0' and <= '9': builder.Append(ch); break;
                default: break;
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// Post- och telestyrelsen reserves 070-174 06 05 … 070-174 06 99 for fiction, so demo data never reaches a real
    /// phone; the numbers repeat across guardians.
    /// </summary>
    public static string FictionalMobile(int index) => $"070-174 06 {5 + index % 95:00}";
}
