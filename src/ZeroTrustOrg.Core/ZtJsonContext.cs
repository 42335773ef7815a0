using System.Text.Json.Serialization;
using ZeroTrustOrg.Core.Models;

namespace ZeroTrustOrg.Core
{
    // Source-generated so nothing is reflected at run time; the property names follow the API's snake_case.
    [JsonSourceGenerationOptions(
        PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString)]
    [JsonSerializable(typeof(ZtOrganization))]
    [JsonSerializable(typeof(ZtDohSetting))]
    [JsonSerializable(typeof(ZtTokenStatus))]
    internal partial class ZtJsonContext : JsonSerializerContext
    {
    }
}
