#include "api/json.h"

#include <QString>

#include <rapidjson/error/en.h>

namespace tollgate::api {

QByteArray serialize(const rapidjson::Value& value)
{
    QByteArray out;
    {
        QByteArrayOutputStream stream(out);
        rapidjson::Writer<QByteArrayOutputStream> writer(stream);
        value.Accept(writer);
    }
    return out;
}

QString parseErrorMessage(const rapidjson::Document& document)
{
    return QStringLiteral("%1 (at byte %2)")
        .arg(QString::fromUtf8(rapidjson::GetParseError_En(document.GetParseError())))
        .arg(document.GetErrorOffset());
}

} // namespace tollgate::api
