using System.Linq.Expressions;
using System.Text.Json;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Passes;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Storage.Mongo;

/// <summary>
/// Explicit BSON mapping of every stored type: camelCase element names, GUIDs as standard UUIDs,
/// times as BSON dates (UTC, milliseconds), enums as strings, value objects as strings.
/// Nothing is left to automatic mapping, so a renamed C# member cannot silently rename a field.
/// </summary>
internal static class MongoClassMaps
{
    private static readonly Lock Gate = new();
    private static bool _registered;

    public static readonly IBsonSerializer<Guid> Guid = new GuidSerializer(GuidRepresentation.Standard);
    public static readonly IBsonSerializer<DateTimeOffset> Date = new DateTimeOffsetSerializer(BsonType.DateTime);


    public static void Register()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            BsonClassMap.RegisterClassMap<User>(cm =>
            {
                OutboxFieldsAside(cm);
                cm.MapIdMember(u => u.Id).SetSerializer(Guid);
                Member(cm, u => u.Phone).SetSerializer(new PhoneNumberSerializer());
                Member(cm, u => u.FullName);
                Member(cm, u => u.Flat).SetSerializer(new FlatCodeSerializer());
                Member(cm, u => u.Role).SetSerializer(new EnumSerializer<Role>(BsonType.String));
                Member(cm, u => u.Status).SetSerializer(new EnumSerializer<UserStatus>(BsonType.String));
                Member(cm, u => u.CreatedAt).SetSerializer(Date);
                Member(cm, u => u.LastLoginAt).SetSerializer(new NullableSerializer<DateTimeOffset>(Date));
                Member(cm, u => u.SecurityStamp);
                Member(cm, u => u.Language).SetIgnoreIfNull(true);
            });

            BsonClassMap.RegisterClassMap<Flat>(cm =>
            {
                OutboxFieldsAside(cm);
                cm.MapIdMember(f => f.Code).SetSerializer(new FlatCodeSerializer());
                Member(cm, f => f.CreatedAt).SetSerializer(Date);

                // Stored for ordering only; rebuilt from the code on read.
                Member(cm, f => f.SortKey);
                cm.MapCreator(f => new Flat(f.Code, f.CreatedAt));
            });

            BsonClassMap.RegisterClassMap<VisitStatusChange>(cm =>
            {
                Member(cm, c => c.From).SetSerializer(new EnumSerializer<VisitStatus>(BsonType.String));
                Member(cm, c => c.To).SetSerializer(new EnumSerializer<VisitStatus>(BsonType.String));
                Member(cm, c => c.ActorId).SetSerializer(new NullableSerializer<Guid>(Guid));
                Member(cm, c => c.At).SetSerializer(Date);
                Member(cm, c => c.Note);
                Member(cm, c => c.RoutedTo).SetSerializer(new FlatCodeSerializer());
                Member(cm, c => c.Gate).SetSerializer(new NullableSerializer<Guid>(Guid));
                cm.MapCreator(c => new VisitStatusChange(c.From, c.To, c.ActorId, c.At, c.Note));
            });

            BsonClassMap.RegisterClassMap<Visit>(cm =>
            {
                OutboxFieldsAside(cm);
                cm.MapIdMember(v => v.Id).SetSerializer(Guid);
                Member(cm, v => v.VisitorName);
                Member(cm, v => v.VisitorPhone).SetSerializer(new PhoneNumberSerializer());
                Member(cm, v => v.Purpose).SetSerializer(new EnumSerializer<VisitPurpose>(BsonType.String));
                Member(cm, v => v.Flat).SetSerializer(new FlatCodeSerializer());
                Member(cm, v => v.VehicleNumber);
                Member(cm, v => v.Note);
                Member(cm, v => v.LoggedBy).SetSerializer(Guid);
                Member(cm, v => v.CreatedAt).SetSerializer(Date);
                Member(cm, v => v.Status).SetSerializer(new EnumSerializer<VisitStatus>(BsonType.String));
                Member(cm, v => v.PassId).SetSerializer(new NullableSerializer<Guid>(Guid));
                Member(cm, v => v.Gate).SetSerializer(new NullableSerializer<Guid>(Guid));
                Member(cm, v => v.ExpectedId).SetSerializer(new NullableSerializer<Guid>(Guid));
                Member(cm, v => v.History);

                // Stored for the gate boards' index and ordering; derived from the history on read.
                Member(cm, v => v.StatusChangedAt).SetSerializer(Date);
            });

            BsonClassMap.RegisterClassMap<GuestPass>(cm =>
            {
                OutboxFieldsAside(cm);
                cm.MapIdMember(p => p.Id).SetSerializer(Guid);
                Member(cm, p => p.Flat).SetSerializer(new FlatCodeSerializer());
                Member(cm, p => p.GuestName);
                Member(cm, p => p.GuestPhone).SetSerializer(new PhoneNumberSerializer());
                Member(cm, p => p.ValidFrom).SetSerializer(Date);
                Member(cm, p => p.ValidUntil).SetSerializer(Date);
                Member(cm, p => p.Usage).SetSerializer(new EnumSerializer<PassUsage>(BsonType.String));
                Member(cm, p => p.Code);
                Member(cm, p => p.CreatedBy).SetSerializer(Guid);
                Member(cm, p => p.CreatedAt).SetSerializer(Date);
                Member(cm, p => p.UseCount);
                Member(cm, p => p.RevokedAt).SetSerializer(new NullableSerializer<DateTimeOffset>(Date));
                Member(cm, p => p.Days).SetSerializer(new EnumSerializer<WeekDays>(BsonType.Int32));
                Member(cm, p => p.HoursFrom);
                Member(cm, p => p.HoursUntil);
            });

            BsonClassMap.RegisterClassMap<AuditEntry>(cm =>
            {
                cm.MapIdMember(a => a.Id).SetSerializer(Guid);
                Member(cm, a => a.At).SetSerializer(Date);
                Member(cm, a => a.ActorId).SetSerializer(new NullableSerializer<Guid>(Guid));
                Member(cm, a => a.Action);
                Member(cm, a => a.Subject);
                Member(cm, a => a.Details);
                Member(cm, a => a.Sequence);
                Member(cm, a => a.PreviousHash);
                Member(cm, a => a.Hash);
            });

            BsonClassMap.RegisterClassMap<Session>(cm =>
            {
                OutboxFieldsAside(cm);
                cm.MapIdMember(x => x.Id).SetSerializer(Guid);
                Member(cm, x => x.UserId).SetSerializer(Guid);
                Member(cm, x => x.StartedAt).SetSerializer(Date);
                Member(cm, x => x.ExpiresAt).SetSerializer(Date);
                Member(cm, x => x.EndedAt).SetSerializer(new NullableSerializer<DateTimeOffset>(Date));
            });
            BsonSerializer.RegisterSerializer(new OtpStateSerializer());
            _registered = true;
        }
    }

    /// <summary>
    /// Documents may also hold what <see cref="MongoAudited"/> and the flats' outbox keep beside the type
    /// (parked audit entries, a removal or rename in progress): reading the type leaves those aside.
    /// </summary>
    private static void OutboxFieldsAside<T>(BsonClassMap<T> cm) => cm.SetIgnoreExtraElements(true);

    private static BsonMemberMap Member<T, TMember>(BsonClassMap<T> cm, Expression<Func<T, TMember>> member)
    {
        var map = cm.MapMember(member);
        return map.SetElementName(JsonNamingPolicy.CamelCase.ConvertName(map.MemberName));
    }

    /// <summary>
    /// One document per phone and lane: the id is <c>phone</c> for the public lane and <c>phone:lane</c>
    /// for a trusted device's (<see cref="MongoOtpStore.KeyOf"/>), so one lookup by id finds it.
    /// </summary>
    private sealed class OtpStateSerializer : ClassSerializerBase<OtpState>
    {
        protected override void SerializeValue(BsonSerializationContext context, BsonSerializationArgs args, OtpState value)
        {
            var document = new BsonDocument
            {
                { "_id", MongoOtpStore.KeyOf(value.Phone, value.Lane) },
                { "phone", value.Phone.Value },
                { "lane", value.Lane },
                { "codeHash", value.CodeHash is null ? BsonNull.Value : value.CodeHash },
                { "expiresAt", value.ExpiresAt is { } expires ? new BsonDateTime(expires.UtcDateTime) : BsonNull.Value },
                { "attempts", value.Attempts },
                { "sends", new BsonArray(value.Sends.Select(t => new BsonDateTime(t.UtcDateTime))) },
                { "failures", new BsonArray(value.Failures.Select(t => new BsonDateTime(t.UtcDateTime))) },
                { "trustedDevices", new BsonArray(value.TrustedDevices) },
                { "version", value.Version },
            };
            BsonDocumentSerializer.Instance.Serialize(context, document);
        }

        protected override OtpState DeserializeValue(BsonDeserializationContext context, BsonDeserializationArgs args)
        {
            var document = BsonDocumentSerializer.Instance.Deserialize(context);
            static DateTimeOffset Time(BsonValue value) => new(value.ToUniversalTime());
            return new OtpState
            {
                Phone = PhoneNumber.Parse(document["phone"].AsString),
                Lane = document["lane"].AsString,
                CodeHash = document["codeHash"].IsBsonNull ? null : document["codeHash"].AsString,
                ExpiresAt = document["expiresAt"].IsBsonNull ? null : Time(document["expiresAt"]),
                Attempts = document["attempts"].ToInt32(),
                Sends = [.. document["sends"].AsBsonArray.Select(Time)],
                Failures = [.. document["failures"].AsBsonArray.Select(Time)],
                TrustedDevices = [.. document["trustedDevices"].AsBsonArray.Select(d => d.AsString)],
                Version = document["version"].ToInt64(),
            };
        }
    }

    private sealed class PhoneNumberSerializer : ClassSerializerBase<PhoneNumber>
    {
        protected override void SerializeValue(BsonSerializationContext context, BsonSerializationArgs args, PhoneNumber value) =>
            context.Writer.WriteString(value.Value);

        protected override PhoneNumber DeserializeValue(BsonDeserializationContext context, BsonDeserializationArgs args) =>
            PhoneNumber.Parse(context.Reader.ReadString());
    }

    private sealed class FlatCodeSerializer : ClassSerializerBase<FlatCode>
    {
        protected override void SerializeValue(BsonSerializationContext context, BsonSerializationArgs args, FlatCode value) =>
            context.Writer.WriteString(value.Value);

        protected override FlatCode DeserializeValue(BsonDeserializationContext context, BsonDeserializationArgs args) =>
            FlatCode.Parse(context.Reader.ReadString());
    }
}
