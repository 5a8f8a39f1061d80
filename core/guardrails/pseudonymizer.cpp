#include "guardrails/pseudonymizer.h"

#include "guardrails/redactor.h"

namespace tollgate::guardrails {

namespace {

bool placeholderChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

} // namespace

const std::string& Pseudonymizer::placeholderFor(DetectorId id, std::string_view value)
{
    std::string key;
    key.reserve(value.size() + 20);
    key += detectorLabel(id);
    key += '\0';
    key += value;
    auto it = m_byValue.find(key);
    if (it != m_byValue.end())
        return it->second;
    const auto idx = static_cast<std::size_t>(id) < kDetectorCount ? static_cast<std::size_t>(id) : 0;
    std::string placeholder = makePlaceholder(id, ++m_next[idx]);
    m_maxLength = std::max(m_maxLength, placeholder.size());
    m_values.emplace(placeholder, std::string(value));
    return m_byValue.emplace(std::move(key), std::move(placeholder)).first->second;
}

std::string Pseudonymizer::pseudonymize(std::string_view text, const std::vector<Detection>& detections,
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
        out += placeholderFor(d.id, text.substr(d.begin, d.end - d.begin));
        pos = d.end;
    }
    out.append(text.substr(pos));
    return out;
}

const std::string* Pseudonymizer::valueFor(std::string_view placeholder) const
{
    const auto it = m_values.find(std::string(placeholder));
    return it == m_values.end() ? nullptr : &it->second;
}

std::string Pseudonymizer::restore(std::string_view text) const
{
    if (m_values.empty())
        return std::string(text);
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t open = text.find('[', pos);
        if (open == std::string_view::npos)
            break;
        std::size_t j = open + 1;
        while (j < text.size() && j - open <= m_maxLength && placeholderChar(text[j]))
            ++j;
        if (j < text.size() && text[j] == ']') {
            if (const std::string* value = valueFor(text.substr(open, j - open + 1))) {
                out.append(text.substr(pos, open - pos));
                out += *value;
                pos = j + 1;
                continue;
            }
        }
        out.append(text.substr(pos, open + 1 - pos));
        pos = open + 1;
    }
    out.append(text.substr(pos));
    return out;
}

std::string StreamRestorer::feed(std::string_view delta)
{
    m_pending.append(delta);
    // Hold back from the last '[' when what follows could still grow into a placeholder.
    std::size_t hold = m_pending.size();
    const std::size_t open = m_pending.rfind('[');
    if (open != std::string::npos && !m_pseudonymizer.empty()) {
        bool partial = m_pending.size() - open < m_pseudonymizer.maxPlaceholderLength();
        for (std::size_t j = open + 1; j < m_pending.size() && partial; ++j)
            partial = placeholderChar(m_pending[j]);
        if (partial)
            hold = open;
    }
    std::string ready = m_pseudonymizer.restore(std::string_view(m_pending).substr(0, hold));
    m_pending.erase(0, hold);
    return ready;
}

std::string StreamRestorer::finish()
{
    std::string rest = m_pseudonymizer.restore(m_pending);
    m_pending.clear();
    return rest;
}

} // namespace tollgate::guardrails
