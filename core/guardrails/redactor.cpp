#include "guardrails/redactor.h"

#include <functional>

namespace tollgate::guardrails {

std::string makePlaceholder(DetectorId id, std::uint32_t number)
{
    std::string p;
    p.reserve(24);
    p += '[';
    p += detectorLabel(id);
    p += '_';
    p += std::to_string(number);
    p += ']';
    return p;
}

std::string Redactor::redact(std::string_view text, const std::vector<Detection>& detections,
                             const DetectorSet& only)
{
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    for (const Detection& d : detections) {
        const auto idx = static_cast<std::size_t>(d.id);
        if (idx >= kDetectorCount || d.id == DetectorId::PromptInjection || !only.test(idx))
            continue;
        if (d.begin < pos || d.end > text.size() || d.begin >= d.end)
            continue;
        out.append(text.substr(pos, d.begin - pos));
        const std::string_view value = text.substr(d.begin, d.end - d.begin);
        const std::uint64_t key = std::hash<std::string_view>{}(value)*31u + idx;
        auto it = m_numbers.find(key);
        if (it == m_numbers.end())
            it = m_numbers.emplace(key, ++m_next[idx]).first;
        out += makePlaceholder(d.id, it->second);
        ++m_count;
        pos = d.end;
    }
    out.append(text.substr(pos));
    return out;
}

} // namespace tollgate::guardrails
