#pragma once

#include <QByteArray>

#include <rapidjson/document.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>

namespace tollgate::api {

// rapidjson output stream appending to a QByteArray. Put() is a pointer bump into spare capacity;
// QByteArray::append per character costs several times more.
class QByteArrayOutputStream
{
public:
    using Ch = char;
    explicit QByteArrayOutputStream(QByteArray& target) : m_target(target), m_size(target.size())
    {
        reserveMore(256);
    }
    ~QByteArrayOutputStream() { Flush(); }
    void Put(char c)
    {
        if (m_size == m_capacity)
            reserveMore(m_capacity);
        m_data[m_size++] = c;
    }
    void Flush() { m_target.resize(m_size); }

private:
    void reserveMore(qsizetype extra)
    {
        m_target.resize(m_size + std::max<qsizetype>(extra, 64));
        m_data = m_target.data();
        m_capacity = m_target.size();
    }

    QByteArray& m_target;
    char* m_data = nullptr;
    qsizetype m_size;
    qsizetype m_capacity = 0;
};

// Small convenience over rapidjson::Writer for building JSON bodies.
class JsonWriter
{
public:
    JsonWriter() : m_stream(m_buffer), m_writer(m_stream) {}
    void startObject() { m_writer.StartObject(); }
    void endObject() { m_writer.EndObject(); }
    void startArray() { m_writer.StartArray(); }
    void endArray() { m_writer.EndArray(); }
    void key(std::string_view k) { m_writer.Key(k.data(), static_cast<rapidjson::SizeType>(k.size())); }
    void string(std::string_view s) { m_writer.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }
    void string(const QByteArray& s) { string(std::string_view(s.constData(), size_t(s.size()))); }
    void integer(std::int64_t v) { m_writer.Int64(v); }
    void boolean(bool v) { m_writer.Bool(v); }
    void null() { m_writer.Null(); }
    void value(const rapidjson::Value& v) { v.Accept(m_writer); }
    QByteArray take()
    {
        m_stream.Flush();
        return std::move(m_buffer);
    }

private:
    QByteArray m_buffer;
    QByteArrayOutputStream m_stream;
    rapidjson::Writer<QByteArrayOutputStream> m_writer;
};

// A rapidjson writer appending to a QByteArray, and its two most used calls.
using JsonOut = rapidjson::Writer<QByteArrayOutputStream>;
inline void writeString(JsonOut& w, std::string_view s)
{
    w.String(s.data(), rapidjson::SizeType(s.size()));
}
inline void writeKey(JsonOut& w, std::string_view k)
{
    w.Key(k.data(), rapidjson::SizeType(k.size()));
}

// Parse flags for untrusted input: exact numbers (fields pass through intact), UTF-8 validated.
constexpr unsigned kStrictParseFlags = rapidjson::kParseFullPrecisionFlag | rapidjson::kParseValidateEncodingFlag;

QByteArray serialize(const rapidjson::Value& value);
// Human-readable reason a parse failed, with the byte offset.
QString parseErrorMessage(const rapidjson::Document& document);

inline std::string_view view(const rapidjson::Value& string)
{
    return {string.GetString(), string.GetStringLength()};
}
inline const rapidjson::Value* member(const rapidjson::Value& object, std::string_view name)
{
    if (!object.IsObject())
        return nullptr;
    const auto it = object.FindMember(rapidjson::Value(rapidjson::StringRef(name.data(), name.size())));
    return it == object.MemberEnd() ? nullptr : &it->value;
}
// The string value of a member; empty when absent or not a string.
inline std::string_view stringMember(const rapidjson::Value& object, std::string_view name)
{
    const rapidjson::Value* v = member(object, name);
    return v && v->IsString() ? view(*v) : std::string_view();
}
inline std::optional<std::int64_t> memberInt(const rapidjson::Value& object, std::string_view name)
{
    const rapidjson::Value* v = member(object, name);
    if (!v || !v->IsInt64())
        return std::nullopt;
    return v->GetInt64();
}

} // namespace tollgate::api
