#pragma once

#include "api/sse.h"
#include "guardrails/pseudonymizer.h"

#include <QByteArray>

#include <map>
#include <memory>
#include <string_view>

namespace tollgate::pipeline {

// Gives the client back the values the provider only saw as placeholders: in a whole OpenAI-format
// answer, and in a stream event by event, where a placeholder may be split across any number of
// events (each choice's content goes through its own StreamRestorer, which holds back only what
// could still become a placeholder and lets it go with the choice's last event).
class PseudonymFilter
{
public:
    explicit PseudonymFilter(std::shared_ptr<const guardrails::Pseudonymizer> pseudonyms);
    ~PseudonymFilter();

    // Every string of the JSON answer; false when the body is not JSON (left as it is).
    bool restoreAnswer(QByteArray& body) const;
    // SSE bytes in (any split), restored SSE bytes out (whole events).
    void streamBytes(std::string_view bytes, QByteArray& out);

private:
    void restoreEvent(const api::SseEvent& event, QByteArray& out);

    std::shared_ptr<const guardrails::Pseudonymizer> m_pseudonyms;
    api::SseParser m_parser;
    std::vector<api::SseEvent> m_events;
    std::map<int, std::unique_ptr<guardrails::StreamRestorer>> m_restorers; // by choice index
    QByteArray m_lastChunk; // the last chunk's JSON: the envelope for content left at the end
};

} // namespace tollgate::pipeline
