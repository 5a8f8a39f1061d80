#pragma once

#include "api/sse.h"
#include "guardrails/detector.h"
#include "guardrails/policy.h"
#include "guardrails/pseudonymizer.h"
#include "guardrails/redactor.h"
#include "guardrails/scanner.h"

#include <QByteArray>

#include <array>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace tollgate::pipeline {

// Response-side guardrails (`guardrails.scan_responses`): what the model wrote is scanned with the
// request's policy before the client sees it. Prompt-injection patterns are not looked for in
// answers (they are the model's words, not instructions to it). A finding whose action is redact or
// pseudonymize is replaced by a typed placeholder (an invented value has no original to restore,
// so both redact); one whose action is block withholds the rest of that choice: its content ends
// and its finish_reason becomes "content_filter", as OpenAI's own filter reports it. Log and allow
// only count.
class ResponseScanner
{
public:
    ResponseScanner(std::shared_ptr<const guardrails::Scanner> scanner, const guardrails::GuardrailsPolicy& policy);

    struct Result
    {
        std::string text; // what may be sent
        bool blocked = false;
        bool failed = false; // the scanner failed: nothing of the text may be sent (fail closed)
    };
    Result scan(std::string_view text);

    // Findings so far, per detector (every action, allow and log included).
    const std::array<std::uint32_t, guardrails::kDetectorCount>& counts() const { return m_counts; }

    // One choice of a streamed answer. Text is held back until at least kLookahead bytes follow
    // it, so a value split across events is whole when it is scanned; a finding that reaches into
    // the held-back text is never cut in two. Values longer than kLookahead that arrive in pieces
    // are seen only once whole, which may be after their start was sent: the documented limit.
    class Stream
    {
    public:
        static constexpr std::size_t kLookahead = 256;
        explicit Stream(ResponseScanner& owner) : m_owner(owner) {}
        std::string feed(std::string_view delta);
        std::string finish();
        bool blocked() const { return m_blocked; }

    private:
        std::string release(std::size_t upTo);
        ResponseScanner& m_owner;
        std::string m_pending;
        bool m_blocked = false;
    };

private:
    std::shared_ptr<const guardrails::Scanner> m_scanner;
    const guardrails::GuardrailsPolicy& m_policy; // the request context's policy (or its config snapshot's)
    guardrails::Redactor m_redactor; // one per answer: the same value gets the same placeholder
    std::vector<guardrails::Detection> m_found;
    std::array<std::uint32_t, guardrails::kDetectorCount> m_counts{};

    // Applies the policy to m_found over text[0, upTo): findings ending after upTo are ignored.
    Result apply(std::string_view text, std::size_t upTo);
};

// Everything the gateway does to an OpenAI-format answer on its way back to the client: the
// response scan (when the policy asks for it) and then giving the client back the values the
// provider only saw as placeholders (when the request was pseudonymized). Works on a whole answer,
// and on a stream event by event, where a placeholder or a finding may be split across any number of
// events (each choice's content has its own state, which holds back only what could still change
// and lets it go with the choice's last event).
class AnswerFilter
{
public:
    // Either may be null; a filter with neither is never built.
    AnswerFilter(std::unique_ptr<ResponseScanner> scanner, std::shared_ptr<const guardrails::Pseudonymizer> pseudonyms);
    ~AnswerFilter();

    // Every choice's message content is scanned, every string of the answer restored. False when the
    // body is not JSON (left as it is).
    bool filterAnswer(QByteArray& body);
    // SSE bytes in (any split), filtered SSE bytes out (whole events).
    void streamBytes(std::string_view bytes, QByteArray& out);

    const ResponseScanner* scanner() const { return m_scanner.get(); }

private:
    struct Choice
    {
        std::unique_ptr<ResponseScanner::Stream> scan;
        std::unique_ptr<guardrails::StreamRestorer> restore;
        bool withheld = false; // blocked, and the client was told (finish_reason content_filter)
    };
    Choice& choice(int index);
    std::string passContent(Choice& state, std::string_view text, bool last);
    void filterEvent(const api::SseEvent& event, QByteArray& out);

    std::unique_ptr<ResponseScanner> m_scanner;
    std::shared_ptr<const guardrails::Pseudonymizer> m_pseudonyms;
    api::SseParser m_parser;
    std::vector<api::SseEvent> m_events;
    std::map<int, Choice> m_choices; // by choice index
    QByteArray m_lastChunk; // the last chunk's JSON: the envelope for content left at the end
};

} // namespace tollgate::pipeline
