#pragma once

// JSON helpers for the fake providers' sources (not for tests: rapidjson is private to this library).

#include <QByteArray>
#include <QString>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace tollgate::testing::fakejson {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;
using rapidjson::Value;

inline const Value* member(const Value& object, const char* name)
{
    if (!object.IsObject())
        return nullptr;
    const auto it = object.FindMember(name);
    return it == object.MemberEnd() ? nullptr : &it->value;
}

inline QString toQString(const Value& v)
{
    return v.IsString() ? QString::fromUtf8(v.GetString(), qsizetype(v.GetStringLength())) : QString();
}

inline QString stringOf(const Value& object, const char* name)
{
    const Value* v = member(object, name);
    return v ? toQString(*v) : QString();
}

inline void writeString(Writer& w, const QByteArray& utf8)
{
    w.String(utf8.constData(), rapidjson::SizeType(utf8.size()), true);
}

inline void writeString(Writer& w, const QString& text)
{
    writeString(w, text.toUtf8());
}

inline QByteArray finish(const rapidjson::StringBuffer& buffer)
{
    return QByteArray(buffer.GetString(), qsizetype(buffer.GetSize()));
}

inline QByteArray serialize(const Value& value)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    value.Accept(w);
    return finish(buffer);
}

} // namespace tollgate::testing::fakejson
