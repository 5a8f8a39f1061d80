#include "pipeline/answerfilter.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace tollgate::pipeline {

namespace {

using guardrails::Action;
using guardrails::Detection;
using guardrails::DetectorId;

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

void setString(rapidjson::Value& object, const char* name, std::string_view text,
               rapidjson::Document::AllocatorType& alloc)
{
    rapidjson::Value value(text.data(), rapidjson::SizeType(text.size()), alloc);
    auto it = object.FindMember(name);
    if (it != object.MemberEnd())
        it->value = value;
    else
        object.AddMember(rapidjson::Value(name, alloc), value, alloc);
}

// The start of the UTF-8 character that contains byte `at` (at most `at`).
std::size_t characterStart(std::string_view text, std::size_t at)
{
    while (at > 0 && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80)
        --at;
    return at;
}

} // namespace

ResponseScanner::ResponseScanner(std::shared_ptr<const guardrails::Scanner> scanner,
                                 const guardrails::GuardrailsPolicy& policy)
    : m_scanner(std::move(scanner)), m_policy(policy)
{
}

ResponseScanner::Result ResponseScanner::scan(std::string_view text)
{
    m_found.clear();
    if (!m_scanner->scan(text, m_found).ok())
        return Result{{}, false, true};
    return apply(text, text.size());
}

ResponseScanner::Result ResponseScanner::apply(std::string_view text, std::size_t upTo)
{
    Result result;
    guardrails::DetectorSet redact;
    std::vector<Detection> settled;
    for (const Detection& d : m_found) {
        if (d.end > upTo || d.id == DetectorId::PromptInjection)
            continue;
        ++m_counts[std::size_t(d.id)];
        settled.push_back(d);
        switch (m_policy.actionFor(d.id)) {
        case Action::Block: result.blocked = true; break;
        case Action::Redact:
        case Action::Pseudonymize: redact.set(std::size_t(d.id)); break;
        case Action::Allow:
        case Action::Log: break;
        }
    }
    if (result.blocked)
        return result;
    const std::string_view part = text.substr(0, upTo);
    result.text = redact.any() ? m_redactor.redact(part, settled, redact) : std::string(part);
    return result;
}

std::string ResponseScanner::Stream::feed(std::string_view delta)
{
    if (m_blocked)
        return {};
    m_pending.append(delta);
    if (m_pending.size() <= kLookahead)
        return {};
    m_owner.m_found.clear();
    if (!m_owner.m_scanner->scan(m_pending, m_owner.m_found).ok()) {
        m_blocked = true; // fail closed: nothing more of this choice goes out
        m_pending.clear();
        return {};
    }
    std::size_t cut = m_pending.size() - kLookahead;
    for (const Detection& d : m_owner.m_found) {
        if (d.begin < cut && d.end > cut) {
            cut = d.begin; // never split a finding: keep it whole for the next scan
            break;
        }
    }
    cut = characterStart(m_pending, cut);
    if (cut == 0)
        return {};
    return release(cut);
}

std::string ResponseScanner::Stream::finish()
{
    if (m_blocked || m_pending.empty())
        return {};
    m_owner.m_found.clear();
    if (!m_owner.m_scanner->scan(m_pending, m_owner.m_found).ok()) {
        m_blocked = true;
        m_pending.clear();
        return {};
    }
    return release(m_pending.size());
}

std::string ResponseScanner::Stream::release(std::size_t upTo)
{
    Result r = m_owner.apply(m_pending, upTo);
    if (r.blocked) {
        m_blocked = true;
        m_pending.clear();
        return {};
    }
    m_pending.erase(0, upTo);
    return std::move(r.text);
}

AnswerFilter::AnswerFilter(std::unique_ptr<ResponseScanner> scanner,
                           std::shared_ptr<const guardrails::Pseudonymizer> pseudonyms)
    : m_scanner(std::move(scanner)), m_pseudonyms(std::move(pseudonyms))
{
}

AnswerFilter::~AnswerFilter() = default;

bool AnswerFilter::filterAnswer(QByteArray& body)
{
    rapidjson::Document doc;
    doc.Parse(body.constData(), size_t(body.size()));
    if (doc.HasParseError())
        return false;
    auto& alloc = doc.GetAllocator();
    bool changed = false;
    auto choices = doc.IsObject() ? doc.FindMember("choices") : doc.MemberEnd();
    if (m_scanner && doc.IsObject() && choices != doc.MemberEnd() && choices->value.IsArray()) {
        for (rapidjson::Value& choice : choices->value.GetArray()) {
            if (!choice.IsObject())
                continue;
            auto message = choice.FindMember("message");
            if (message == choice.MemberEnd() || !message->value.IsObject())
                continue;
            auto content = message->value.FindMember("content");
            if (content == message->value.MemberEnd() || !content->value.IsString())
                continue;
            const std::string_view text(content->value.GetString(), content->value.GetStringLength());
            ResponseScanner::Result r = m_scanner->scan(text);
            if (r.blocked || r.failed) {
                content->value.SetString("", 0);
                setString(choice, "finish_reason", "content_filter", alloc);
                changed = true;
            } else if (r.text != text) {
                content->value.SetString(r.text.data(), rapidjson::SizeType(r.text.size()), alloc);
                changed = true;
            }
        }
    }
    if (m_pseudonyms)
        changed |= restoreStrings(doc, *m_pseudonyms, alloc);
    if (changed)
        body = serialize(doc);
    return true;
}

void AnswerFilter::streamBytes(std::string_view bytes, QByteArray& out)
{
    m_events.clear();
    if (!m_parser.feed(bytes, m_events)) {
        out.append(bytes.data(), qsizetype(bytes.size()));
        return;
    }
    for (const api::SseEvent& event : m_events)
        filterEvent(event, out);
}

AnswerFilter::Choice& AnswerFilter::choice(int index)
{
    Choice& state = m_choices[index];
    if (m_scanner && !state.scan)
        state.scan = std::make_unique<ResponseScanner::Stream>(*m_scanner);
    if (m_pseudonyms && !state.restore)
        state.restore = std::make_unique<guardrails::StreamRestorer>(*m_pseudonyms);
    return state;
}

std::string AnswerFilter::passContent(Choice& state, std::string_view text, bool last)
{
    std::string t(text);
    if (state.scan) {
        t = state.scan->feed(t);
        if (last)
            t += state.scan->finish();
    }
    if (state.restore) {
        t = state.restore->feed(t);
        if (last)
            t += state.restore->finish();
    }
    return t;
}

void AnswerFilter::filterEvent(const api::SseEvent& event, QByteArray& out)
{
    const auto passThrough = [&] { out.append(event.raw).append("\n\n"); };
    if (event.data.trimmed() == "[DONE]") {
        // Content still held back (a stream that never sent a finish_reason): one more chunk.
        QByteArray rest;
        for (auto& [index, state] : m_choices) {
            if (state.withheld)
                continue;
            const std::string tail = passContent(state, {}, true);
            const bool blocked = state.scan && state.scan->blocked();
            if ((tail.empty() && !blocked) || m_lastChunk.isEmpty())
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
            if (blocked)
                choice.AddMember("finish_reason", "content_filter", alloc);
            else
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
        m_choices.clear();
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
        rapidjson::Value kept(rapidjson::kArrayType);
        for (rapidjson::Value& choice : choices->value.GetArray()) {
            if (!choice.IsObject()) {
                kept.PushBack(choice, alloc);
                continue;
            }
            const auto indexIt = choice.FindMember("index");
            const int index = indexIt != choice.MemberEnd() && indexIt->value.IsInt() ? indexIt->value.GetInt() : 0;
            Choice& state = this->choice(index);
            if (state.withheld)
                continue; // the client was told this choice ended; nothing more of it goes out
            auto delta = choice.FindMember("delta");
            const auto finish = choice.FindMember("finish_reason");
            const bool last = finish != choice.MemberEnd() && finish->value.IsString();
            if (delta != choice.MemberEnd() && delta->value.IsObject()) {
                auto content = delta->value.FindMember("content");
                const bool hasContent = content != delta->value.MemberEnd() && content->value.IsString();
                const std::string text = passContent(
                    state, hasContent ? std::string_view(content->value.GetString(), content->value.GetStringLength()) : std::string_view{},
                    last);
                if (hasContent)
                    content->value.SetString(text.data(), rapidjson::SizeType(text.size()), alloc);
                else if (!text.empty())
                    delta->value.AddMember("content", rapidjson::Value(text.data(), rapidjson::SizeType(text.size()), alloc), alloc);
                // Tool-call arguments and other strings: whole placeholders only.
                if (m_pseudonyms) {
                    for (auto& member : delta->value.GetObject()) {
                        if (member.name != "content")
                            restoreStrings(member.value, *m_pseudonyms, alloc);
                    }
                }
            }
            if (state.scan && state.scan->blocked()) {
                setString(choice, "finish_reason", "content_filter", alloc);
                state.withheld = true;
            } else if (last) {
                m_choices.erase(index);
            }
            kept.PushBack(choice, alloc);
        }
        choices->value = kept;
    }
    const QByteArray json = serialize(doc);
    m_lastChunk = json;
    out.append(api::formatSseData(std::string_view(json.constData(), size_t(json.size()))));
}

} // namespace tollgate::pipeline
