#pragma once

// A DecisionRecord as a JSON object, for proofs and the evidence export. Internal to core/audit.

#include "audit/decisionrecord.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace tollgate::ledger {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void writeJsonString(JsonWriter& w, const QString& s);
void writeJsonString(JsonWriter& w, const QByteArray& s);
void writeRecordJson(JsonWriter& w, const DecisionRecord& record);
// False (with *why) when the object lacks a field or has one of the wrong type.
bool readRecordJson(const rapidjson::Value& v, DecisionRecord* out, QString* why);

} // namespace tollgate::ledger
