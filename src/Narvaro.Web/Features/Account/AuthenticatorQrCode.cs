using System.Collections;
using System.Text;
using QRCoder;

namespace Narvaro.Web.Features.Account;

/// <summary>
/// The otpauth:// address as a QR code drawn on the server: QRCoder computes the module matrix (quiet zone of four
/// modules included) and each row's runs of dark modules become one SVG path, so the page needs no script or image file.
/// </summary>
public sealed record AuthenticatorQrCode(int Modules, string PathData)
{
    public static AuthenticatorQrCode For(string uri) => FromMatrix(Matrix(uri));

    /// <summary>QRCoder's module matrix for the address, rows of dark (true) and light modules.</summary>
    public static IReadOnlyList<BitArray> Matrix(string uri)
    {
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return [.. data.ModuleMatrix];
    }

    public static AuthenticatorQrCode FromMatrix(IReadOnlyList<BitArray> matrix)
    {
        var path = new StringBuilder();
        for (var y = 0; y < matrix.Count; y++)
        {
            var row = matrix[y];
            for (var x = 0; x < row.Length; x++)
            {
                if (!row[x]) continue;
                var start = x;
                while (x + 1 < row.Length && row[x + 1]) x++;
                var length = x - start + 1;
                path.Append('M').Append(start).Append(' ').Append(y).Append('h').Append(length).Append("v1h-").Append(length).Append('z');
            }
        }
        return new AuthenticatorQrCode(matrix.Count, path.ToString());
    }
}
