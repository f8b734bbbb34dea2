using System.Text.Json;
using System.Text.Json.Serialization;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Flats;

namespace SecurityManagement.Core.Live;

/// <summary>An event as the backplane carries it between servers: its topic, the server that published it, and the event.</summary>
public sealed record LiveMessage(string Topic, string Origin, LiveEvent Event);

/// <summary>Live events as JSON, for the backplane. Phone numbers and flats travel as the text they are written as.</summary>
public static class LiveEventJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(), new TextConverter<PhoneNumber>(p => p.Value, t => PhoneNumber.Parse(t)), new TextConverter<FlatCode>(f => f.Value, t => FlatCode.Parse(t)) },
    };

    public static string Write(LiveMessage message) => JsonSerializer.Serialize(message, Options);

    /// <summary>The message, or null when it is not one (another program on the channel, a kind this version does not know).</summary>
    public static LiveMessage? Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<LiveMessage>(json, Options);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ProblemException)
        {
            return null;
        }
    }

    private sealed class TextConverter<T>(Func<T, string> write, Func<string, T> read) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            read(reader.GetString() ?? throw new JsonException($"{typeof(T).Name} is null."));

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(write(value));
    }
}
