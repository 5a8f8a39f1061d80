#include "audit/decisionrecord.h"

#include "audit/sha256.h"
#include "common/utf8.h"

#include <cstring>

namespace tollgate {

namespace {

void putU32(std::string& out, std::uint32_t v)
{
    const char b[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    out.append(b, 4);
}

void putI64(std::string& out, std::int64_t value)
{
    const auto v = static_cast<std::uint64_t>(value);
    char b[8];
    for (int i = 0; i < 8; ++i)
        b[i] = char(v >> (56 - 8 * i));
    out.append(b, 8);
}

void putBytes(std::string& out, const char* data, std::size_t size)
{
    putU32(out, std::uint32_t(size));
    out.append(data, size);
}

void putString(std::string& out, const QString& s)
{
    // Most fields are ASCII (ids, names, regions): their UTF-8 is their narrowed units, written in
    // place after the length without QString::toUtf8()'s allocation.
    putU32(out, std::uint32_t(s.size()));
    if (appendAscii(s, out))
        return;
    out.resize(out.size() - 4); // not ASCII: the UTF-8 length differs
    const QByteArray utf8 = s.toUtf8();
    putBytes(out, utf8.constData(), std::size_t(utf8.size()));
}

void putStringList(std::string& out, const QStringList& list)
{
    putU32(out, std::uint32_t(list.size()));
    for (const QString& s : list)
        putString(out, s);
}

} // namespace

std::string encodeDecision(const DecisionRecord& r)
{
    std::string out;
    out.reserve(256 + 48 * r.detections.size() + 32 * r.candidates.size());
    out.append("TGD1", 4);
    putBytes(out, r.requestId.constData(), std::size_t(r.requestId.size()));
    putI64(out, r.timeMs);
    putString(out, r.keyId);
    putString(out, r.team);
    putU32(out, std::uint32_t(r.detections.size()));
    for (const Detection& d : r.detections) {
        putString(out, d.type);
        putI64(out, d.count);
        putU32(out, std::uint32_t(d.valueHashes.size()));
        for (const QByteArray& h : d.valueHashes)
            putBytes(out, h.constData(), std::size_t(h.size()));
    }
    putStringList(out, r.dataClasses);
    putStringList(out, r.regimes);
    putString(out, r.policyVersion);
    putU32(out, std::uint32_t(r.candidates.size()));
    for (const CandidateTarget& c : r.candidates) {
        putString(out, c.provider);
        putString(out, c.region);
        out.push_back(c.allowed ? char(1) : char(0));
    }
    putString(out, r.chosenProvider);
    putString(out, r.chosenRegion);
    putString(out, r.action);
    putString(out, r.reason);
    return out;
}

std::string encodeOutcome(const DecisionOutcome& o)
{
    std::string out;
    out.reserve(4 + 8 + 8 + 3 + 8 + 8);
    out.append("TGO1", 4);
    putI64(out, o.httpStatus);
    putI64(out, o.costMicros);
    out.append(o.costCurrency.data(), 3);
    putI64(out, o.inputTokens);
    putI64(out, o.outputTokens);
    return out;
}

Digest decisionHash(const DecisionRecord& record)
{
    const std::string encoded = encodeDecision(record);
    return sha256(encoded.data(), encoded.size());
}

Digest entryHash(const Digest& previous, std::uint64_t seq, const Digest& decision,
                 const DecisionOutcome& outcome)
{
    // previous || u64be(seq) || decision || encodeOutcome(outcome), built on the stack: the ledger's
    // writer computes one per record.
    char buf[32 + 8 + 32 + (4 + 8 + 8 + 3 + 8 + 8)];
    char* p = buf;
    const auto putRaw = [&p](const void* data, std::size_t size) {
        std::memcpy(p, data, size);
        p += size;
    };
    const auto putBe64 = [&p](std::int64_t value) {
        const auto v = static_cast<std::uint64_t>(value);
        for (int i = 0; i < 8; ++i)
            *p++ = char(v >> (56 - 8 * i));
    };
    putRaw(previous.data(), previous.size());
    putBe64(static_cast<std::int64_t>(seq));
    putRaw(decision.data(), decision.size());
    putRaw("TGO1", 4);
    putBe64(outcome.httpStatus);
    putBe64(outcome.costMicros);
    putRaw(outcome.costCurrency.data(), 3);
    putBe64(outcome.inputTokens);
    putBe64(outcome.outputTokens);
    Q_ASSERT(p == buf + sizeof buf);
    return sha256(buf, sizeof buf);
}

Digest sha256(const void* data, std::size_t size)
{
    Sha256 h;
    h.update(data, size);
    return h.final();
}

QByteArray toHex(const Digest& digest)
{
    return digestBytes(digest).toHex();
}

bool digestFromHex(QByteArrayView hex, Digest* out)
{
    if (hex.size() != 64)
        return false;
    for (char c : hex) {
        const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!ok)
            return false;
    }
    const QByteArray raw = QByteArray::fromHex(hex.toByteArray());
    if (raw.size() != 32)
        return false;
    std::memcpy(out->data(), raw.constData(), 32);
    return true;
}

} // namespace tollgate
