#include "audit/recordjson.h"

#include <cstring>

namespace tollgate::ledger {

void writeJsonString(JsonWriter& w, const QString& s)
{
    const QByteArray utf8 = s.toUtf8();
    w.String(utf8.constData(), rapidjson::SizeType(utf8.size()));
}

void writeJsonString(JsonWriter& w, const QByteArray& s)
{
    w.String(s.constData(), rapidjson::SizeType(s.size()));
}

void writeRecordJson(JsonWriter& w, const DecisionRecord& r)
{
    w.StartObject();
    w.Key("request_id");
    writeJsonString(w, r.requestId);
    w.Key("time_ms");
    w.Int64(r.timeMs);
    w.Key("key_id");
    writeJsonString(w, r.keyId);
    w.Key("team");
    writeJsonString(w, r.team);
    w.Key("detections");
    w.StartArray();
    for (const Detection& d : r.detections) {
        w.StartObject();
        w.Key("type");
        writeJsonString(w, d.type);
        w.Key("count");
        w.Int64(d.count);
        w.Key("value_hashes");
        w.StartArray();
        for (const QByteArray& h : d.valueHashes)
            writeJsonString(w, h.toHex());
        w.EndArray();
        w.EndObject();
    }
    w.EndArray();
    w.Key("data_classes");
    w.StartArray();
    for (const QString& s : r.dataClasses)
        writeJsonString(w, s);
    w.EndArray();
    w.Key("regimes");
    w.StartArray();
    for (const QString& s : r.regimes)
        writeJsonString(w, s);
    w.EndArray();
    w.Key("policy_version");
    writeJsonString(w, r.policyVersion);
    w.Key("candidates");
    w.StartArray();
    for (const CandidateTarget& c : r.candidates) {
        w.StartObject();
        w.Key("provider");
        writeJsonString(w, c.provider);
        w.Key("region");
        writeJsonString(w, c.region);
        w.Key("allowed");
        w.Bool(c.allowed);
        w.EndObject();
    }
    w.EndArray();
    w.Key("chosen_provider");
    writeJsonString(w, r.chosenProvider);
    w.Key("chosen_region");
    writeJsonString(w, r.chosenRegion);
    w.Key("action");
    writeJsonString(w, r.action);
    w.Key("reason");
    writeJsonString(w, r.reason);
    w.Key("outcome");
    w.StartObject();
    w.Key("http_status");
    w.Int(r.outcome.httpStatus);
    w.Key("cost_micros");
    w.Int64(r.outcome.costMicros);
    w.Key("cost_currency");
    writeJsonString(w, r.outcome.currencyCode());
    w.Key("input_tokens");
    w.Int64(r.outcome.inputTokens);
    w.Key("output_tokens");
    w.Int64(r.outcome.outputTokens);
    w.EndObject();
    w.EndObject();
}

namespace {

bool getString(const rapidjson::Value& o, const char* name, QString* out)
{
    const auto it = o.FindMember(name);
    if (it == o.MemberEnd() || !it->value.IsString())
        return false;
    *out = QString::fromUtf8(it->value.GetString(), qsizetype(it->value.GetStringLength()));
    return true;
}

bool getInt64(const rapidjson::Value& o, const char* name, std::int64_t* out)
{
    const auto it = o.FindMember(name);
    if (it == o.MemberEnd() || !it->value.IsInt64())
        return false;
    *out = it->value.GetInt64();
    return true;
}

bool getStringList(const rapidjson::Value& o, const char* name, QStringList* out)
{
    const auto it = o.FindMember(name);
    if (it == o.MemberEnd() || !it->value.IsArray())
        return false;
    out->clear();
    for (const auto& v : it->value.GetArray()) {
        if (!v.IsString())
            return false;
        out->append(QString::fromUtf8(v.GetString(), qsizetype(v.GetStringLength())));
    }
    return true;
}

} // namespace

bool readRecordJson(const rapidjson::Value& v, DecisionRecord* r, QString* why)
{
    auto missing = [&](const char* field) {
        *why =
            QStringLiteral("the record's \"%1\" is missing or has the wrong type").arg(QLatin1String(field));
        return false;
    };
    if (!v.IsObject())
        return missing("record");
    QString requestId;
    if (!getString(v, "request_id", &requestId))
        return missing("request_id");
    r->requestId = requestId.toUtf8();
    if (!getInt64(v, "time_ms", &r->timeMs))
        return missing("time_ms");
    if (!getString(v, "key_id", &r->keyId))
        return missing("key_id");
    if (!getString(v, "team", &r->team))
        return missing("team");
    const auto detections = v.FindMember("detections");
    if (detections == v.MemberEnd() || !detections->value.IsArray())
        return missing("detections");
    r->detections.clear();
    for (const auto& d : detections->value.GetArray()) {
        Detection det;
        if (!d.IsObject() || !getString(d, "type", &det.type) || !getInt64(d, "count", &det.count))
            return missing("detections");
        const auto hashes = d.FindMember("value_hashes");
        if (hashes == d.MemberEnd() || !hashes->value.IsArray())
            return missing("value_hashes");
        for (const auto& h : hashes->value.GetArray()) {
            if (!h.IsString())
                return missing("value_hashes");
            det.valueHashes.push_back(
                QByteArray::fromHex(QByteArray(h.GetString(), int(h.GetStringLength()))));
        }
        r->detections.push_back(std::move(det));
    }
    if (!getStringList(v, "data_classes", &r->dataClasses))
        return missing("data_classes");
    if (!getStringList(v, "regimes", &r->regimes))
        return missing("regimes");
    if (!getString(v, "policy_version", &r->policyVersion))
        return missing("policy_version");
    const auto candidates = v.FindMember("candidates");
    if (candidates == v.MemberEnd() || !candidates->value.IsArray())
        return missing("candidates");
    r->candidates.clear();
    for (const auto& c : candidates->value.GetArray()) {
        CandidateTarget t;
        if (!c.IsObject() || !getString(c, "provider", &t.provider) || !getString(c, "region", &t.region))
            return missing("candidates");
        const auto allowed = c.FindMember("allowed");
        if (allowed == c.MemberEnd() || !allowed->value.IsBool())
            return missing("candidates");
        t.allowed = allowed->value.GetBool();
        r->candidates.push_back(std::move(t));
    }
    if (!getString(v, "chosen_provider", &r->chosenProvider))
        return missing("chosen_provider");
    if (!getString(v, "chosen_region", &r->chosenRegion))
        return missing("chosen_region");
    if (!getString(v, "action", &r->action))
        return missing("action");
    if (!getString(v, "reason", &r->reason))
        return missing("reason");
    const auto outcome = v.FindMember("outcome");
    if (outcome == v.MemberEnd() || !outcome->value.IsObject())
        return missing("outcome");
    const rapidjson::Value& o = outcome->value;
    std::int64_t status = 0;
    QString currency;
    if (!getInt64(o, "http_status", &status))
        return missing("http_status");
    r->outcome.httpStatus = int(status);
    if (!getInt64(o, "cost_micros", &r->outcome.costMicros))
        return missing("cost_micros");
    if (!getString(o, "cost_currency", &currency) || currency.size() != 3)
        return missing("cost_currency");
    const QByteArray c = currency.toLatin1();
    std::memcpy(r->outcome.costCurrency.data(), c.constData(), 3);
    if (!getInt64(o, "input_tokens", &r->outcome.inputTokens))
        return missing("input_tokens");
    if (!getInt64(o, "output_tokens", &r->outcome.outputTokens))
        return missing("output_tokens");
    return true;
}

} // namespace tollgate::ledger
