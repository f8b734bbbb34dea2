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

    private static readonly IBsonSerializer<IReadOnlyList<DateTimeOffset>> Dates = new DateListSerializer();

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
                cm.MapIdMember(u => u.Id).SetSerializer(Guid);
                Member(cm, u => u.Phone).SetSerializer(new PhoneNumberSerializer());
                Member(cm, u => u.FullName);
                Member(cm, u => u.Flat).SetSerializer(new FlatCodeSerializer());
                Member(cm, u => u.Role).SetSerializer(new EnumSerializer<Role>(BsonType.String));
                Member(cm, u => u.Status).SetSerializer(new EnumSerializer<UserStatus>(BsonType.String));
                Member(cm, u => u.CreatedAt).SetSerializer(Date);
                Member(cm, u => u.LastLoginAt).SetSerializer(new NullableSerializer<DateTimeOffset>(Date));
                Member(cm, u => u.SecurityStamp);
            });

            BsonClassMap.RegisterClassMap<Flat>(cm =>
            {
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
                cm.MapCreator(c => new VisitStatusChange(c.From, c.To, c.ActorId, c.At, c.Note));
            });

            BsonClassMap.RegisterClassMap<Visit>(cm =>
            {
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
                Member(cm, v => v.History);

                // Stored for the gate boards' index and ordering; derived from the history on read.
                Member(cm, v => v.StatusChangedAt).SetSerializer(Date);
            });

            BsonClassMap.RegisterClassMap<GuestPass>(cm =>
            {
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

            BsonClassMap.RegisterClassMap<OtpState>(cm =>
            {
                cm.MapIdMember(o => o.Phone).SetSerializer(new PhoneNumberSerializer());
                Member(cm, o => o.CodeHash);
                Member(cm, o => o.ExpiresAt).SetSerializer(new NullableSerializer<DateTimeOffset>(Date));
                Member(cm, o => o.Attempts);
                Member(cm, o => o.Sends).SetSerializer(Dates);
                Member(cm, o => o.Failures).SetSerializer(Dates);
                Member(cm, o => o.Version);
            });

            _registered = true;
        }
    }

    private static BsonMemberMap Member<T, TMember>(BsonClassMap<T> cm, Expression<Func<T, TMember>> member)
    {
        var map = cm.MapMember(member);
        return map.SetElementName(JsonNamingPolicy.CamelCase.ConvertName(map.MemberName));
    }

    /// <summary>A list of times as an array of BSON dates, whatever list type holds them.</summary>
    private sealed class DateListSerializer : SerializerBase<IReadOnlyList<DateTimeOffset>>
    {
        public override void Serialize(BsonSerializationContext context, BsonSerializationArgs args, IReadOnlyList<DateTimeOffset> value)
        {
            context.Writer.WriteStartArray();
            foreach (var item in value)
            {
                Date.Serialize(context, item);
            }

            context.Writer.WriteEndArray();
        }

        public override IReadOnlyList<DateTimeOffset> Deserialize(BsonDeserializationContext context, BsonDeserializationArgs args)
        {
            var items = new List<DateTimeOffset>();
            context.Reader.ReadStartArray();
            while (context.Reader.ReadBsonType() != BsonType.EndOfDocument)
            {
                items.Add(Date.Deserialize(context));
            }

            context.Reader.ReadEndArray();
            return items;
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
