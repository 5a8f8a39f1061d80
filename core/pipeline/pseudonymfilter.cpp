#include "pipeline/pseudonymfilter.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace tollgate::pipeline {

namespace {

QByteArray serialize(const rapidjson::Value& value)
{
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    value.Accept(writer);
    return QByteArray(buffer.GetString(), qsizetype(buffer.GetSize()));
}

// Restores every string below `value` that could hold a placeholder.
bool restoreStrings(rapidjson::Value& value, const guardrails::Pseudonymizer& pseudonyms,
                    rapidjson::Document::AllocatorType& alloc)
{
    bool changed = false;
    if (value.IsString()) {
        const std::string_view text(value.GetString(), value.GetStringLength());
        if (text.find('[') == std::string_view::npos)
            return false;
        const std::string restored = pseudonyms.restore(text);
        if (restored != text) {
            value.SetString(restored.data(), rapidjson::SizeType(restored.size()), alloc);
            changed = true;
        }
    } else if (value.IsArray()) {
        for (rapidjson::Value& item : value.GetArray())
            changed |= restoreStrings(item, pseudonyms, alloc);
    } else if (value.IsObject()) {
        for (auto& member : value.GetObject())
            changed |= restoreStrings(member.value, pseudonyms, alloc);
    }
    return changed;
}

} // namespace

PseudonymFilter::PseudonymFilter(std::shared_ptr<const guardrails::Pseudonymizer> pseudonyms)
    : m_pseudonyms(std::move(pseudonyms))
{
}

PseudonymFilter::~PseudonymFilter() = default;

bool PseudonymFilter::restoreAnswer(QByteArray& body) const
{
    rapidjson::Document doc;
    doc.Parse(body.constData(), size_t(body.size()));
    if (doc.HasParseError())
        return false;
    if (restoreStrings(doc, *m_pseudonyms, doc.GetAllocator()))
        body = serialize(doc);
    return true;
}

void PseudonymFilter::streamBytes(std::string_view bytes, QByteArray& out)
{
    m_events.clear();
    if (!m_parser.feed(bytes, m_events)) {
        out.append(bytes.data(), qsizetype(bytes.size()));
        return;
    }
    for (const api::SseEvent& event : m_events)
        restoreEvent(event, out);
}

void PseudonymFilter::restoreEvent(const api::SseEvent& event, QByteArray& out)
{
    const auto passThrough = [&] { out.append(event.raw).append("\n\n"); };
    if (event.data.trimmed() == "[DONE]") {
        // Content still held back (a stream that never sent a finish_reason): one more chunk.
        QByteArray rest;
        for (auto& [index, restorer] : m_restorers) {
            const std::string tail = restorer->finish();
            if (tail.empty() || m_lastChunk.isEmpty())
                continue;
            rapidjson::Document chunk;
            chunk.Parse(m_lastChunk.constData(), size_t(m_lastChunk.size()));
            if (chunk.HasParseError() || !chunk.IsObject())
                continue;
            auto& alloc = chunk.GetAllocator();
            rapidjson::Value choice(rapidjson::kObjectType);
            choice.AddMember("index", index, alloc);
            rapidjson::Value delta(rapidjson::kObjectType);
            delta.AddMember("content", rapidjson::Value(tail.data(), rapidjson::SizeType(tail.size()), alloc), alloc);
            choice.AddMember("delta", delta, alloc);
            choice.AddMember("finish_reason", rapidjson::Value(rapidjson::kNullType), alloc);
            rapidjson::Value choices(rapidjson::kArrayType);
            choices.PushBack(choice, alloc);
            chunk.RemoveMember("usage");
            if (chunk.HasMember("choices"))
                chunk["choices"] = choices;
            else
                chunk.AddMember("choices", choices, alloc);
            const QByteArray json = serialize(chunk);
            rest.append(api::formatSseData(std::string_view(json.constData(), size_t(json.size()))));
        }
        m_restorers.clear();
        out.append(rest);
        passThrough();
        return;
    }
    rapidjson::Document doc;
    doc.Parse(event.data.constData(), size_t(event.data.size()));
    if (doc.HasParseError() || !doc.IsObject()) {
        passThrough();
        return;
    }
    auto& alloc = doc.GetAllocator();
    auto choices = doc.FindMember("choices");
    if (choices != doc.MemberEnd() && choices->value.IsArray()) {
        for (rapidjson::Value& choice : choices->value.GetArray()) {
            if (!choice.IsObject())
                continue;
            const auto indexIt = choice.FindMember("index");
            const int index = indexIt != choice.MemberEnd() && indexIt->value.IsInt() ? indexIt->value.GetInt() : 0;
            auto& restorer = m_restorers[index];
            if (!restorer)
                restorer = std::make_unique<guardrails::StreamRestorer>(*m_pseudonyms);
            auto delta = choice.FindMember("delta");
            const auto finish = choice.FindMember("finish_reason");
            const bool last = finish != choice.MemberEnd() && finish->value.IsString();
            if (delta != choice.MemberEnd() && delta->value.IsObject()) {
                auto content = delta->value.FindMember("content");
                std::string text;
                if (content != delta->value.MemberEnd() && content->value.IsString())
                    text = restorer->feed(std::string_view(content->value.GetString(), content->value.GetStringLength()));
                if (last)
                    text += restorer->finish();
                if (content != delta->value.MemberEnd() && content->value.IsString())
                    content->value.SetString(text.data(), rapidjson::SizeType(text.size()), alloc);
                else if (!text.empty())
                    delta->value.AddMember("content", rapidjson::Value(text.data(), rapidjson::SizeType(text.size()), alloc), alloc);
                // Tool-call arguments and other strings: whole placeholders only.
                for (auto& member : delta->value.GetObject()) {
                    if (member.name != "content")
                        restoreStrings(member.value, *m_pseudonyms, alloc);
                }
            }
            if (last)
                m_restorers.erase(index);
        }
    }
    const QByteArray json = serialize(doc);
    m_lastChunk = json;
    out.append(api::formatSseData(std::string_view(json.constData(), size_t(json.size()))));
}

} // namespace tollgate::pipeline
