using QRCoder;

namespace SecurityManagement.Web.Components.Pages.Resident;

/// <summary>The pass code as a QR image for the resident to share.</summary>
public static class PassQr
{
    public static string DataUrl(string code)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(code, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(10));
    }
}
