#include "guardrails/injection.h"

#include "guardrails/textutil.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <memory>
#include <string>

namespace tollgate::guardrails::detail {

namespace {

// Phrase patterns over normalised words. A spec is a list of slots separated by spaces; a slot lists
// alternatives separated by '|'; an alternative ending in '*' matches as a prefix. Up to `gap` other
// words may stand between two consecutive slots. Words are lower-case, accents folded, apostrophes
// dropped ("don't" -> "dont"), homoglyphs mapped to Latin.
struct PatternSpec
{
    const char* spec;
    std::uint8_t gap;
    float weight;
};

constexpr PatternSpec
    kPatterns[] =
        {
            // --- English: direct overrides
            {"ignor*|disregard*|forget*|overrid*|bypass*|skip|discard*|abandon*|neglect*|dismiss* "
             "previous|prior|above|earlier|preceding|all|any|every|your|system|initial|original|former|"
             "existing|those|"
             "these|developer|safety "
             "instruction*|rule*|direction*|prompt*|guideline*|guidance|context|command*|directive*|"
             "constraint*|"
             "restriction*|polic*|programming|training|guardrail*|safeguard*|filter*|limitation*",
             3, 0.9f},
            {"forget|disregard everything|anything above|before|previous|earlier|prior|said|told", 2, 0.8f},
            {"no longer bound|restricted|limited|constrained|obligated|subject|required", 0, 0.6f},
            {"from now on you", 1, 0.35f},
            {"you are|re now|no", 0, 0.3f},
            // --- role-play jailbreaks
            {"do anything now", 0, 0.85f},
            {"you are|re|be|as dan|stan|dude", 1, 0.75f},
            {"dan|stan|evil|unrestricted|unfiltered|uncensored|jailbroken|jailbreak mode", 0, 0.6f},
            {"developer|dan|jailbreak|unrestricted|sudo mode enabled|activated", 1, 0.8f},
            {"pretend|act|roleplay|behave|respond|answer|you|ai "
             "no|without|zero|free|unrestricted|unfiltered|uncensored "
             "restriction*|rule*|limit*|filter*|guideline*|constraint*|censor*|ethic*|moral*|boundar*|polic*|"
             "safeguard*|guardrail*",
             4, 0.6f},
            {"pretend|imagine|act|roleplay you|as|to", 1, 0.25f},
            {"unfiltered|uncensored|unrestricted|unethical|amoral|evil "
             "ai|assistant|chatbot|model|version|persona|character",
             1, 0.55f},
            {"jailbreak*|jailbroken", 0, 0.35f},
            {"disable|deactivate|bypass|circumvent|turn|remove|override "
             "your|the|all|any|off safety|content|moderation|ethic*|security "
             "filter*|guard*|restriction*|protocol*|guideline*|polic*|check*|measure*|mechanism*",
             2, 0.5f},
            // --- system prompt extraction
            {"repeat|print|reveal|show|output|display|tell|give|leak|dump|recite|disclose|expose|return|"
             "share|provide|paste "
             "your|ur|the|its|this "
             "system|initial|hidden|secret|original|internal|developer|pre|first|full|exact "
             "prompt*|instruction*|message*|directive*|rules",
             2, 0.9f},
            {"what|whats|tell|share|reveal your|ur initial|system|original|hidden|secret|first|exact|full "
             "prompt*|instruction*|rules|message|directives",
             2, 0.9f},
            {"what|whats are|were|is your|ur instructions|rules|directives|guidelines|prompt", 1, 0.6f},
            {"repeat|print|output|recite|reproduce|echo|show|display "
             "text|words|everything|prompt|message|content|lines|"
             "sentences above|before|preceding|prior|verbatim|earlier",
             3, 0.75f},
            // --- indirect injection in documents and tool output
            {"ai|assistant|llm|chatbot|gpt|chatgpt|claude|gemini|copilot|agent|model|bot "
             "when|if|while|before|as you "
             "read*|process*|summari*|see|parse|encounter|analy*|scan*",
             2, 0.85f},
            {"note|message|attention|instruction*|important|notice to|for "
             "ai|assistant*|llm*|model*|chatbot*|gpt|language|"
             "agent*|bot*",
             1, 0.65f},
            {"if|when you are|re an|a ai|llm|language|assistant|chatbot|agent", 1, 0.45f},
            {"new|updated|real|actual|revised|additional|secret|hidden "
             "instruction*|task*|directive*|objective*",
             0, 0.45f},
            {"your new|real|true|actual|only task|goal|job|purpose|objective|instructions|mission", 0, 0.55f},
            {"im start|end system|assistant|user", 0, 0.8f},
            {"begin|end|start system prompt|message|instruction*", 0, 0.4f},
            {"system|prompt|admin override", 0, 0.6f},
            {"do|dont|must not|never tell|inform|mention|alert|notify|reveal the|your user*", 1, 0.65f},
            {"send|forward|exfiltrat*|upload|transmit|post|leak "
             "conversation|chat|history|password*|credential*|secret*|token*|cookie*|key* to",
             4, 0.45f},
            {"ignor*|disregard* above|previous|prior|earlier instead", 2, 0.7f},
            {"ignor*|disregard*|forget* the above|foregoing", 0, 0.45f},
            // --- German
            {"ignorier*|vergiss|vergessen|missacht*|ubergeh*|umgeh* "
             "alle|vorherig*|vorige*|bisherig*|obig*|deine|ihre|fruher*|vorangegangen*|vorstehend*|samtlich* "
             "anweisung*|instruktion*|regel*|befehl*|vorgabe*|richtlinie*|anordnung*|prompt*|einschrankung*",
             3, 0.9f},
            {"du bist jetzt|nun|ab", 0, 0.35f},
            {"ohne|keine einschrankung*|regeln|filter|beschrankung*|grenzen|zensur|richtlinien", 1, 0.45f},
            {"zeig*|wiederhol*|gib|nenn*|verrat*|ausgeb*|druck*|was "
             "systemprompt*|systemanweisung*|anfangsanweisung*",
             3, 0.85f},
            {"zeig*|wiederhol*|gib|nenn*|verrat*|druck* system|ursprunglich*|geheim*|verborgen* "
             "prompt*|anweisung*",
             3, 0.85f},
            {"ki|assistent|kiassistent|sprachmodell wenn|falls du|sie dies*|das|den "
             "liest|lesen|verarbeitest|zusammenfasst",
             2, 0.85f},
            // --- French
            {"ignor*|oubli*|neglig*|contourn*|outrepass* "
             "toutes|tous|les|vos|tes|precedent*|anterieur*|dessus|ci "
             "instruction*|regle*|consigne*|directive*|ordres|indications|restrictions",
             4, 0.9f},
            {"tu|vous es|etes maintenant|desormais", 0, 0.35f},
            {"sans restriction*|limite*|filtre*|regle*|censure", 1, 0.45f},
            {"montre*|revele*|affiche*|repete*|donne*|dis|ecris|imprime* ton|ta|votre|le|tes|vos "
             "prompt*|instruction*|consigne*|message* systeme|initial*|cache*|secret*|dorigine|originel*",
             2, 0.9f},
            {"quel|quelles|quelle est|sont ton|tes|votre|vos prompt|instructions|consignes", 1, 0.6f},
            {"ia|assistant|modele si|quand|lorsque tu|vous lis|lisez|traites|traitez|resumes", 2, 0.85f},
            // --- Spanish
            {"ignor*|olvid*|omit*|descart*|desobedec*|salta* "
             "todas|todos|las|tus|sus|anterior*|previa*|previo*|primeras|mencionad* "
             "instruccion*|regla*|indicacion*|orden*|directriz*|directrices|restriccion*|consigna*",
             4, 0.9f},
            {"ahora eres|sos", 0, 0.35f},
            {"sin restriccion*|limite*|filtro*|regla*|censura|limitaciones", 1, 0.45f},
            {"muestra*|revela*|repite*|dime|imprime*|ensena*|dame|escribe tu|el|tus|las "
             "prompt*|instruccion*|mensaje* "
             "sistema|inicial*|original*|ocult*|secret*",
             2, 0.9f},
            {"cual|cuales es|son tu|tus prompt|instrucciones|reglas", 1, 0.6f},
            {"ia|asistente|modelo si|cuando|mientras lees|leas|procesas|proceses|resumes", 2, 0.85f},
            // --- Hindi (Devanagari) and Hinglish
            {"\xE0\xA4\xAA\xE0\xA4\xBF\xE0\xA4\x9B\xE0\xA4\xB2\xE0\xA5\x87|" // पिछले
             "\xE0\xA4\xAA\xE0\xA4\xB9\xE0\xA4\xB2\xE0\xA5\x87|"             // पहले
             "\xE0\xA4\xB8\xE0\xA4\xAD\xE0\xA5\x80|"                         // सभी
             "\xE0\xA4\x8A\xE0\xA4\xAA\xE0\xA4\xB0|"                         // ऊपर
             "\xE0\xA4\xB8\xE0\xA4\xBE\xE0\xA4\xB0\xE0\xA5\x87|"             // सारे
             "\xE0\xA4\xAA\xE0\xA4\xBF\xE0\xA4\x9B\xE0\xA4\xB2\xE0\xA5\x80 " // पिछली
             "\xE0\xA4\xA8\xE0\xA4\xBF\xE0\xA4\xB0\xE0\xA5\x8D\xE0\xA4\xA6\xE0\xA5\x87\xE0\xA4\xB6*|" // निर्देश*
             "\xE0\xA4\xA8\xE0\xA4\xBF\xE0\xA4\xAF\xE0\xA4\xAE*|" // नियम*
             "\xE0\xA4\x86\xE0\xA4\xA6\xE0\xA5\x87\xE0\xA4\xB6*|" // आदेश*
             "\xE0\xA4\x87\xE0\xA4\x82\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\x9F\xE0\xA5\x8D\xE0\xA4\xB0\xE0\xA4"
             "\x95\xE0\xA5\x8D"
             "\xE0\xA4\xB6\xE0\xA4\xA8* " // इंस्ट्रक्शन*
             "\xE0\xA4\x85\xE0\xA4\xA8\xE0\xA4\xA6\xE0\xA5\x87\xE0\xA4\x96\xE0\xA4\xBE|" // अनदेखा
             "\xE0\xA4\xA8\xE0\xA4\x9C\xE0\xA4\xB0\xE0\xA4\x85\xE0\xA4\x82\xE0\xA4\xA6\xE0\xA4\xBE\xE0\xA4"
             "\x9C*|" // नजरअंदाज*
             "\xE0\xA4\xA8\xE0\xA4\x9C\xE0\xA4\xBC\xE0\xA4\xB0\xE0\xA4\x85\xE0\xA4\x82\xE0\xA4\xA6\xE0\xA4"
             "\xBE*|"                                 // नज़रअंदा*
             "\xE0\xA4\xAD\xE0\xA5\x82\xE0\xA4\xB2*|" // भूल*
             "\xE0\xA4\x85\xE0\xA4\xB5\xE0\xA4\xB9\xE0\xA5\x87\xE0\xA4\xB2\xE0\xA4\xA8\xE0\xA4\xBE|" // अवहेलना
             "\xE0\xA4\x87\xE0\xA4\x97\xE0\xA5\x8D\xE0\xA4\xA8\xE0\xA5\x8B\xE0\xA4\xB0|ignore", // इग्नोर
             3, 0.9f},
            {"\xE0\xA4\x85\xE0\xA4\xAA\xE0\xA4\xA8\xE0\xA4\xBE|" // अपना
             "\xE0\xA4\x85\xE0\xA4\xAA\xE0\xA4\xA8\xE0\xA5\x87|" // अपने
             "\xE0\xA4\x85\xE0\xA4\xAA\xE0\xA4\xA8\xE0\xA5\x80|" // अपनी
             "\xE0\xA4\x86\xE0\xA4\xAA\xE0\xA4\x95\xE0\xA4\xBE|" // आपका
             "\xE0\xA4\x86\xE0\xA4\xAA\xE0\xA4\x95\xE0\xA5\x87|" // आपके
             "\xE0\xA4\xA4\xE0\xA5\x81\xE0\xA4\xAE\xE0\xA5\x8D\xE0\xA4\xB9\xE0\xA4\xBE\xE0\xA4\xB0\xE0\xA4"
             "\xBE " // तुम्हारा
             "\xE0\xA4\xB8\xE0\xA4\xBF\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\x9F\xE0\xA4\xAE|" // सिस्टम
             "\xE0\xA4\x97\xE0\xA5\x81\xE0\xA4\xAA\xE0\xA5\x8D\xE0\xA4\xA4|"             // गुप्त
             "\xE0\xA4\x9B\xE0\xA4\xBF\xE0\xA4\xAA\xE0\xA5\x87|"                         // छिपे
             "\xE0\xA4\xAA\xE0\xA5\x8D\xE0\xA4\xB0\xE0\xA4\xBE\xE0\xA4\xB0\xE0\xA4\x82\xE0\xA4\xAD\xE0\xA4"
             "\xBF\xE0\xA4\x95 " // प्रारंभिक
             "\xE0\xA4\xAA\xE0\xA5\x8D\xE0\xA4\xB0\xE0\xA5\x89\xE0\xA4\xAE\xE0\xA5\x8D\xE0\xA4\xAA\xE0\xA5"
             "\x8D\xE0\xA4\x9F*|" // प्रॉम्प्ट*
             "\xE0\xA4\xAA\xE0\xA5\x8D\xE0\xA4\xB0\xE0\xA5\x8B\xE0\xA4\xAE\xE0\xA5\x8D\xE0\xA4\xAA\xE0\xA5"
             "\x8D\xE0\xA4\x9F*|" // प्रोम्प्ट*
             "\xE0\xA4\xA8\xE0\xA4\xBF\xE0\xA4\xB0\xE0\xA5\x8D\xE0\xA4\xA6\xE0\xA5\x87\xE0\xA4\xB6*|prompt " // निर्देश*
             "\xE0\xA4\xA6\xE0\xA4\xBF\xE0\xA4\x96\xE0\xA4\xBE*|"                         // दिखा*
             "\xE0\xA4\xAC\xE0\xA4\xA4\xE0\xA4\xBE*|"                                     // बता*
             "\xE0\xA4\xB2\xE0\xA4\xBF\xE0\xA4\x96\xE0\xA5\x8B|"                          // लिखो
             "\xE0\xA4\xAA\xE0\xA5\x8D\xE0\xA4\xB0\xE0\xA4\x95\xE0\xA4\x9F|batao|dikhao", // प्रकट
             3, 0.85f},
            {"\xE0\xA4\x85\xE0\xA4\xAC "                                      // अब
             "\xE0\xA4\xA4\xE0\xA5\x81\xE0\xA4\xAE|\xE0\xA4\x86\xE0\xA4\xAA", // तुम|आप
             0, 0.3f},
            {"\xE0\xA4\x95\xE0\xA5\x8B\xE0\xA4\x88 " // कोई
             "\xE0\xA4\xAA\xE0\xA5\x8D\xE0\xA4\xB0\xE0\xA4\xA4\xE0\xA4\xBF\xE0\xA4\xAC\xE0\xA4\x82\xE0\xA4"
             "\xA7*|"                                            // प्रतिबंध*
             "\xE0\xA4\xA8\xE0\xA4\xBF\xE0\xA4\xAF\xE0\xA4\xAE|" // नियम
             "\xE0\xA4\xB8\xE0\xA5\x80\xE0\xA4\xAE\xE0\xA4\xBE|" // सीमा
             "\xE0\xA4\xAA\xE0\xA4\xBE\xE0\xA4\xAC\xE0\xA4\x82\xE0\xA4\xA6\xE0\xA5\x80 " // पाबंदी
             "\xE0\xA4\xA8\xE0\xA4\xB9\xE0\xA5\x80\xE0\xA4\x82",                         // नहीं
             1, 0.45f},
            {"pichhle|pichle|sabhi|saare|sare|purane instructions|instruction|nirdesh*|rules "
             "ignore|bhool*|bhul*|nazarandaaz*|nazarandaj*",
             3, 0.9f},
};

constexpr std::size_t kPatternCount = sizeof(kPatterns) / sizeof(kPatterns[0]);
constexpr std::size_t kMaxSlots = 6;

struct Alternative
{
    std::string text;
    bool prefix = false;
};

struct Slot
{
    std::vector<Alternative> alternatives;
    std::array<std::uint64_t, 4> firstBytes{}; // quick reject: can a word starting with this byte match?

    bool mayMatch(unsigned char c) const { return firstBytes[c >> 6] & (std::uint64_t(1) << (c & 63)); }
};

struct Pattern
{
    std::vector<Slot> slots;
    std::uint8_t gap = 0;
    float weight = 0;
};

struct Trigger
{
    std::uint16_t pattern;
    std::uint16_t alternative;
};

// Built once, then read-only (safe to share between threads).
struct PatternIndex
{
    std::vector<Pattern> patterns;
    // Key: the first two bytes of a first-slot alternative. m_head[key] = 1 + index of the first
    // trigger with that key in `triggers` (sorted by key); 0 = none.
    std::vector<std::uint32_t> head;
    std::array<std::uint64_t, 1024> present{}; // bit per key: most words are rejected here
    std::vector<std::uint16_t> keys;
    std::vector<Trigger> triggers;

    PatternIndex()
    {
        patterns.reserve(kPatternCount);
        for (const PatternSpec& spec : kPatterns) {
            Pattern p;
            p.gap = spec.gap;
            p.weight = spec.weight;
            std::string_view rest(spec.spec);
            while (!rest.empty()) {
                const std::size_t sp = rest.find(' ');
                const std::string_view slot = rest.substr(0, sp);
                std::vector<Alternative> alts;
                std::string_view r2 = slot;
                while (!r2.empty()) {
                    const std::size_t bar = r2.find('|');
                    std::string_view a = r2.substr(0, bar);
                    Alternative alt;
                    if (!a.empty() && a.back() == '*') {
                        alt.prefix = true;
                        a.remove_suffix(1);
                    }
                    alt.text = std::string(a);
                    if (!alt.text.empty())
                        alts.push_back(std::move(alt));
                    r2 = bar == std::string_view::npos ? std::string_view() : r2.substr(bar + 1);
                }
                Slot slotData;
                for (const Alternative& a : alts) {
                    const auto c0 = static_cast<unsigned char>(a.text[0]);
                    slotData.firstBytes[c0 >> 6] |= std::uint64_t(1) << (c0 & 63);
                }
                slotData.alternatives = std::move(alts);
                p.slots.push_back(std::move(slotData));
                rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
            }
            patterns.push_back(std::move(p));
        }
        buildAnchors();
        std::vector<std::pair<std::uint16_t, Trigger>> all;
        for (std::size_t pi = 0; pi < patterns.size(); ++pi) {
            const auto& first = patterns[pi].slots.front().alternatives;
            for (std::size_t ai = 0; ai < first.size(); ++ai) {
                if (first[ai].text.size() < 2)
                    continue;
                all.push_back({keyOf(first[ai].text),
                               Trigger{static_cast<std::uint16_t>(pi), static_cast<std::uint16_t>(ai)}});
            }
        }
        std::stable_sort(all.begin(), all.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        head.assign(65536, 0);
        for (std::size_t i = 0; i < all.size(); ++i) {
            keys.push_back(all[i].first);
            triggers.push_back(all[i].second);
            if (head[all[i].first] == 0)
                head[all[i].first] = static_cast<std::uint32_t>(i + 1);
            present[all[i].first >> 6] |= std::uint64_t(1) << (all[i].first & 63);
        }
    }

    static std::uint16_t keyOf(std::string_view w)
    {
        return static_cast<std::uint16_t>((static_cast<unsigned char>(w[0]) << 8) |
                                          static_cast<unsigned char>(w[1]));
    }

    // --- Anchors, for InjectionScreen ---
    // Every match of a pattern contains a word that matches the pattern's anchor slot, and lies
    // within `before` words before and `after` words after it (slots and gaps bound both). So a text
    // none of whose normalised words matches an anchor alternative cannot match any pattern, and
    // matching the words around each anchor word finds every match of the text.
    struct Reach
    {
        std::uint8_t before = 0, after = 0; // in words
        bool any = false;

        void add(Reach r)
        {
            before = std::max(before, r.before);
            after = std::max(after, r.after);
            any = any || r.any;
        }
    };
    struct Anchor
    {
        std::uint16_t key; // anchorKey() of the alternative
        Reach reach;
        const Alternative* alternative;
    };
    std::vector<Anchor> anchors; // sorted by key
    std::array<std::uint64_t, 1024> anchorPresent{};
    std::array<std::uint16_t, 1025> anchorRank{}; // keys present in the blocks before each 64-bit block
    std::vector<std::uint16_t> anchorStart;       // per present key, in key order: its first anchor, + end
    std::array<Reach, 256> anchorAnyWordFrom{};   // one-byte prefix alternatives: any word starting so
    // Words of 1-2 bytes are filtered on anchorKey, longer ones on wordHash3 of their first three.
    std::array<std::uint64_t, 1024> anchorFilter{};

    static std::uint16_t wordHash3(char c0, char c1, char c2)
    {
        return static_cast<std::uint16_t>(static_cast<unsigned char>(c0) * 961u +
                                          static_cast<unsigned char>(c1) * 31u +
                                          static_cast<unsigned char>(c2) + 32768u);
    }

    // Like keyOf, but defined for one-byte words too (normalised words never contain a NUL byte).
    static std::uint16_t anchorKey(char c0, char c1)
    {
        return static_cast<std::uint16_t>((static_cast<unsigned char>(c0) << 8) |
                                          static_cast<unsigned char>(c1));
    }
    static std::uint16_t anchorKey(std::string_view w) { return anchorKey(w[0], w.size() > 1 ? w[1] : '\0'); }

    // Cheap and conservative: false only when no anchor alternative can match a word of `len`
    // bytes that starts with c0 c1 c2 (bytes past the end of the word are 0).
    bool mayAnchor(char c0, char c1, char c2, std::size_t len) const
    {
        const std::uint16_t h = len <= 2 ? anchorKey(c0, c1) : wordHash3(c0, c1, c2);
        return (anchorFilter[h >> 6] & (std::uint64_t(1) << (h & 63))) ||
               anchorAnyWordFrom[static_cast<unsigned char>(c0)].any;
    }

    // How far around this normalised word matches may reach; `any` is false when it is no anchor.
    Reach anchorReach(std::string_view w) const
    {
        Reach r;
        if (w.empty() || !mayAnchor(w[0], w.size() > 1 ? w[1] : '\0', w.size() > 2 ? w[2] : '\0', w.size()))
            return r;
        r.add(anchorAnyWordFrom[static_cast<unsigned char>(w[0])]);
        const std::uint16_t key = anchorKey(w);
        const std::uint64_t block = anchorPresent[key >> 6];
        const std::uint64_t bit = std::uint64_t(1) << (key & 63);
        if (!(block & bit))
            return r;
        const std::size_t rank = anchorRank[key >> 6] + std::size_t(std::popcount(block & (bit - 1)));
        for (std::size_t i = anchorStart[rank]; i < anchorStart[rank + 1]; ++i) {
            const Alternative& a = *anchors[i].alternative;
            if (a.prefix ? w.size() >= a.text.size() && w.compare(0, a.text.size(), a.text) == 0
                         : w == a.text)
                r.add(anchors[i].reach);
        }
        return r;
    }

private:
    // The anchor of a pattern is its slot whose words are least common in ordinary text: the cost
    // of a slot counts its alternatives, a frequent function word counting as many. Any slot would
    // be correct; a rare one lets the screen skip more text.
    static std::size_t slotCost(const Slot& slot)
    {
        // Function words found in almost every text, then words common in prompts (normalised
        // forms, space-separated; Hindi: आप, अब).
        static constexpr std::string_view kVeryCommon =
            "a an the to of in on at for as be is are re was were you your ur it its this that if when do "
            "not no all any from with and or my me we du sie das den der die es tu vous les le si el las "
            "tus sus son \xE0\xA4\x86\xE0\xA4\xAA \xE0\xA4\x85\xE0\xA4\xAC";
        static constexpr std::string_view kCommon =
            "these those what whats while before dont now new every without tell give show see read real "
            "only first full above off turn use user start end begin message text lines words content "
            "return share provide print output process job task goal true post send must never said told "
            "free act language model im note important ab nun jetzt ohne keine alle ihre deine gib wenn "
            "falls dies ta ton tes vos votre quand sans dis todas todos sin cuando ahora cual dame toutes "
            "tous quel quelle quelles sont etes maintenant";
        auto listed = [](const Alternative& a, std::string_view words) {
            while (!words.empty()) {
                const std::size_t sp = words.find(' ');
                const std::string_view w = words.substr(0, sp);
                if (a.prefix ? w.substr(0, a.text.size()) == a.text : w == a.text)
                    return true;
                words = sp == std::string_view::npos ? std::string_view() : words.substr(sp + 1);
            }
            return false;
        };
        std::size_t cost = 0;
        for (const Alternative& a : slot.alternatives) {
            if (listed(a, kVeryCommon))
                cost += 1000000;
            else if (listed(a, kCommon))
                cost += 1000;
            else
                cost += a.prefix && a.text.size() <= 3 ? 20 : 1;
        }
        return cost;
    }

    void buildAnchors()
    {
        for (const Pattern& p : patterns) {
            std::size_t best = 0;
            for (std::size_t si = 1; si < p.slots.size(); ++si) {
                if (slotCost(p.slots[si]) <= slotCost(p.slots[best]))
                    best = si;
            }
            const std::size_t step = std::size_t(p.gap) + 1;
            const Reach reach{static_cast<std::uint8_t>(best * step),
                              static_cast<std::uint8_t>((p.slots.size() - 1 - best) * step), true};
            for (const Alternative& a : p.slots[best].alternatives) {
                if (a.prefix && a.text.size() == 1)
                    anchorAnyWordFrom[static_cast<unsigned char>(a.text[0])].add(reach);
                else
                    anchors.push_back(Anchor{anchorKey(a.text), reach, &a});
            }
        }
        std::stable_sort(anchors.begin(), anchors.end(),
                         [](const Anchor& a, const Anchor& b) { return a.key < b.key; });
        for (std::size_t i = 0; i < anchors.size(); ++i) {
            const std::uint16_t key = anchors[i].key;
            if (i == 0 || anchors[i - 1].key != key) {
                anchorStart.push_back(static_cast<std::uint16_t>(i));
                anchorPresent[key >> 6] |= std::uint64_t(1) << (key & 63);
            }
        }
        anchorStart.push_back(static_cast<std::uint16_t>(anchors.size()));
        auto setFilter = [this](std::uint16_t h) { anchorFilter[h >> 6] |= std::uint64_t(1) << (h & 63); };
        for (const Anchor& a : anchors) {
            const std::string& t = a.alternative->text;
            if (t.size() >= 3) {
                setFilter(wordHash3(t[0], t[1], t[2])); // words of 3+ bytes
            } else {
                setFilter(anchorKey(t)); // words as short as the alternative
                if (a.alternative->prefix) {
                    for (int c2 = 0; c2 < 256; ++c2) // longer words it is a prefix of
                        setFilter(wordHash3(t[0], t[1], static_cast<char>(c2)));
                }
            }
        }
        for (std::size_t b = 0; b < 1024; ++b)
            anchorRank[b + 1] = static_cast<std::uint16_t>(anchorRank[b] + std::popcount(anchorPresent[b]));
    }
};

const PatternIndex& patternIndex()
{
    static const PatternIndex index;
    return index;
}

struct Word
{
    std::uint32_t nb, ne; // in the normalised buffer
    std::uint32_t ob, oe; // in the original text
    bool spaced;          // glued together from s p a c e d letters
    bool obfuscated;      // homoglyphs, zero-width characters, leetspeak or spacing were undone
};

struct Scratch
{
    std::string norm;
    std::vector<Word> words;
    std::string decoded;
};

struct Match
{
    std::uint16_t pattern;
    std::uint32_t ob, oe;
    float weight;
};

// Folds Latin-1 letters to ASCII (lower case); 0 when the code point is not a letter we fold.
char foldLatin1(std::uint32_t cp)
{
    static constexpr char kFold[64] = {
        'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i', // C0-CF
        'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   'o', 'u', 'u', 'u', 'u', 'y', 0,   's', // D0-DF
        'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i', // E0-EF
        'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   'o', 'u', 'u', 'u', 'u', 'y', 0,   'y', // F0-FF
    };
    return cp >= 0xC0 && cp <= 0xFF ? kFold[cp - 0xC0] : 0;
}

// Cyrillic and Greek letters that look like Latin ones.
char foldHomoglyph(std::uint32_t cp)
{
    switch (cp) {
    case 0x0430:
    case 0x0410:
    case 0x03B1:
    case 0x0391:
        return 'a';
    case 0x0432:
    case 0x0412:
    case 0x0392:
    case 0x03B2:
        return 'b';
    case 0x0441:
    case 0x0421:
    case 0x03F2:
        return 'c';
    case 0x0501:
        return 'd';
    case 0x0435:
    case 0x0415:
    case 0x03B5:
    case 0x0395:
    case 0x0451:
        return 'e';
    case 0x041D:
    case 0x043D:
    case 0x0397:
    case 0x04BB:
        return 'h';
    case 0x0456:
    case 0x0406:
    case 0x03B9:
    case 0x0399:
    case 0x04CF:
        return 'i';
    case 0x0458:
    case 0x0408:
        return 'j';
    case 0x043A:
    case 0x041A:
    case 0x03BA:
    case 0x039A:
        return 'k';
    case 0x041C:
    case 0x039C:
        return 'm';
    case 0x039D:
    case 0x03B7:
        return 'n';
    case 0x043E:
    case 0x041E:
    case 0x03BF:
    case 0x039F:
    case 0x03C3:
        return 'o';
    case 0x0440:
    case 0x0420:
    case 0x03C1:
    case 0x03A1:
        return 'p';
    case 0x0455:
    case 0x0405:
        return 's';
    case 0x0442:
    case 0x0422:
    case 0x03C4:
    case 0x03A4:
        return 't';
    case 0x03C5:
    case 0x057D:
        return 'u';
    case 0x03BD:
    case 0x0474:
    case 0x0475:
        return 'v';
    case 0x0461:
    case 0x0448:
        return 'w';
    case 0x0445:
    case 0x0425:
    case 0x03C7:
    case 0x03A7:
        return 'x';
    case 0x0443:
    case 0x0423:
    case 0x03B3:
    case 0x04AF:
        return 'y';
    case 0x0396:
        return 'z';
    default:
        return 0;
    }
}

bool isIgnorable(std::uint32_t cp)
{
    return cp == 0x00AD || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0x034F || cp == 0x180E;
}

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 when invalid (cp untouched).
std::size_t decodeUtf8(std::string_view s, std::size_t i, std::uint32_t& cp)
{
    const unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t len;
    std::uint32_t v;
    if (c < 0x80) {
        cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        v = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        v = c & 0x07;
    } else {
        return 0;
    }
    if (i + len > s.size())
        return 0;
    for (std::size_t k = 1; k < len; ++k) {
        const unsigned char cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (cc & 0x3F);
    }
    if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
        (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    cp = v;
    return len;
}

struct Base64Run
{
    std::uint32_t b, e;
};

// How normalisation treats one non-ASCII code point. Shared by Normalizer and InjectionScreen so
// that the screen sees exactly the words the normaliser would produce.
enum class CodePointKind : std::uint8_t
{
    Ignorable,  // zero-width, soft hyphen, variation selector: dropped, the word goes on
    Apostrophe, // U+2019 inside a word: dropped, the word goes on
    Latin,      // Latin-1 letter folded to ASCII (`folded`; U+00DF adds a second 's')
    LookAlike,  // Cyrillic/Greek homoglyph or full-width letter mapped to ASCII (`folded`)
    Separator,  // punctuation and spaces outside ASCII
    Foreign,    // another script (Devanagari ...): its bytes are word characters
};

struct CodePointClass
{
    CodePointKind kind;
    char folded = 0;
};

CodePointClass classifyCodePoint(std::uint32_t cp, bool inWord)
{
    if (isIgnorable(cp))
        return {CodePointKind::Ignorable};
    if (cp == 0x2019 && inWord)
        return {CodePointKind::Apostrophe}; // typographic apostrophe
    if (const char f = foldLatin1(cp))
        return {CodePointKind::Latin, f};
    if (const char h = foldHomoglyph(cp))
        return {CodePointKind::LookAlike, h};
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
        const char a = static_cast<char>(cp - 0xFEE0);
        return isAlnum(a) ? CodePointClass{CodePointKind::LookAlike, lowerAscii(a)}
                          : CodePointClass{CodePointKind::Separator};
    }
    if (cp == 0x0964 || cp == 0x0965 || (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
        cp == 0x00A0 || (cp >= 0x00A1 && cp <= 0x00BF) || cp == 0x00D7 || cp == 0x00F7)
        return {CodePointKind::Separator};
    return {CodePointKind::Foreign};
}

// The bytes that may belong to a base64 payload (both alphabets, with padding).
inline bool isBase64RunByte(unsigned char c)
{
    return (kClass[c] & kB64) || c == '=' || c == '-' || c == '_';
}

// Keeps a run of base64 bytes that may hide a prompt: long enough, mixed case, at most 4 per text.
void addBase64Run(std::size_t start, std::size_t len, bool upper, bool lower, std::vector<Base64Run>& runs)
{
    if (len >= 24 && upper && lower && runs.size() < 4)
        runs.push_back(Base64Run{static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(start + len)});
}

// Leetspeak digits read as letters inside words that mix letters and digits ("1gn0re").
inline char unLeet(char ch)
{
    return ch == '0'   ? 'o'
           : ch == '1' ? 'i'
           : ch == '3' ? 'e'
           : ch == '4' ? 'a'
           : ch == '5' ? 's'
           : ch == '7' ? 't'
                       : ch;
}

// Words of at most this many normalised bytes are read as leetspeak when they mix letters and digits.
constexpr std::size_t kMaxLeetWord = 24;

class Normalizer
{
public:
    explicit Normalizer(Scratch& scratch) : m_norm(scratch.norm), m_words(scratch.words) {}

    // Fills the scratch buffers; collects up to 4 base64-looking runs when `runs` is given.
    void run(std::string_view s, std::vector<Base64Run>* runs)
    {
        m_norm.clear();
        m_norm.reserve(s.size() + s.size() / 4 + 16);
        m_words.clear();
        const std::size_t n = s.size();
        std::size_t b64Start = 0, b64Len = 0;
        bool b64Upper = false, b64Lower = false;
        for (std::size_t i = 0; i < n;) {
            const unsigned char c = static_cast<unsigned char>(s[i]);
            if (runs) {
                if (isBase64RunByte(c)) {
                    if (b64Len == 0) {
                        b64Start = i;
                        b64Upper = b64Lower = false;
                    }
                    ++b64Len;
                    b64Upper = b64Upper || (c >= 'A' && c <= 'Z');
                    b64Lower = b64Lower || (c >= 'a' && c <= 'z');
                } else {
                    flushBase64(b64Start, b64Len, b64Upper, b64Lower, runs);
                    b64Len = 0;
                }
            }
            if (c < 0x80 && (kClass[c] & kAlnum) && !m_inWord) {
                // Fast path: a whole ASCII word at once (the common case).
                std::size_t j = i;
                std::uint8_t seen = 0;
                while (j < n && (kClass[static_cast<unsigned char>(s[j])] & kAlnum)) {
                    seen |= kClass[static_cast<unsigned char>(s[j])];
                    ++j;
                }
                if (j == n || static_cast<unsigned char>(s[j]) < 0x80) {
                    if (runs) {
                        if (b64Len == 0) {
                            b64Start = i;
                            b64Upper = b64Lower = false;
                        }
                        b64Len += j - i - 1; // the first byte was counted above
                        b64Upper = b64Upper || (seen & kUpper);
                        b64Lower = b64Lower || (seen & kLower);
                    }
                    asciiWord(s.data() + i, j - i, i, seen);
                    i = j;
                    continue;
                }
            }
            if (c < 0x80) {
                const std::uint8_t k = kClass[c];
                if (k & kAlpha) {
                    letter(static_cast<char>(c | 0x20), i, i + 1, false);
                } else if (k & kDigit) {
                    letter(static_cast<char>(c), i, i + 1, false);
                    m_hasDigit = true;
                } else if (c == '\'' && m_inWord) {
                    // "don't" -> "dont": apostrophes never split a word.
                } else {
                    endWord();
                }
                ++i;
                continue;
            }
            std::uint32_t cp = 0;
            const std::size_t len = decodeUtf8(s, i, cp);
            if (len == 0) {
                endWord();
                ++i;
                continue;
            }
            const CodePointClass k = classifyCodePoint(cp, m_inWord);
            switch (k.kind) {
            case CodePointKind::Ignorable:
                m_wordObfuscated = m_inWord;
                break;
            case CodePointKind::Apostrophe:
                break;
            case CodePointKind::Latin:
                letter(k.folded, i, i + len, false);
                if (cp == 0xDF)
                    letter('s', i, i + len, false);
                break;
            case CodePointKind::LookAlike:
                letter(k.folded, i, i + len, true);
                break;
            case CodePointKind::Separator:
                endWord();
                break;
            case CodePointKind::Foreign:
                for (std::size_t b = 0; b < len; ++b)
                    letter(s[i + b], i, i + len, false);
                break;
            }
            i += len;
        }
        endWord();
        if (runs)
            flushBase64(b64Start, b64Len, b64Upper, b64Lower, runs);
    }

private:
    void asciiWord(const char* p, std::size_t len, std::size_t ob, std::uint8_t seen)
    {
        if (!m_norm.empty())
            m_norm.push_back(' ');
        const std::size_t nb = m_norm.size();
        m_norm.append(p, len);
        char* out = m_norm.data() + nb;
        // Setting 0x20 lower-cases ASCII letters and leaves digits unchanged.
        for (std::size_t k = 0; k < len; ++k)
            out[k] = static_cast<char>(out[k] | 0x20);
        m_cur = Word{static_cast<std::uint32_t>(nb),       0,     static_cast<std::uint32_t>(ob),
                     static_cast<std::uint32_t>(ob + len), false, false};
        m_inWord = true;
        m_hasDigit = seen & kDigit;
        m_hasAlpha = seen & kAlpha;
        m_wordObfuscated = false;
    }

    void letter(char c, std::size_t ob, std::size_t oe, bool obfuscated)
    {
        if (!m_inWord) {
            if (!m_norm.empty())
                m_norm.push_back(' ');
            m_cur = Word{static_cast<std::uint32_t>(m_norm.size()),
                         0,
                         static_cast<std::uint32_t>(ob),
                         0,
                         false,
                         false};
            m_inWord = true;
            m_hasDigit = false;
            m_hasAlpha = false;
            m_wordObfuscated = false;
        }
        m_norm.push_back(c);
        m_hasAlpha = m_hasAlpha || (c >= 'a' && c <= 'z');
        m_wordObfuscated = m_wordObfuscated || obfuscated;
        m_cur.oe = static_cast<std::uint32_t>(oe);
    }

    void endWord()
    {
        if (!m_inWord)
            return;
        m_inWord = false;
        m_cur.ne = static_cast<std::uint32_t>(m_norm.size());
        m_cur.obfuscated = m_wordObfuscated;
        // Leetspeak inside words that mix letters and digits: "1gn0re" -> "ignore".
        if (m_hasDigit && m_hasAlpha && m_cur.ne - m_cur.nb <= kMaxLeetWord) {
            for (std::uint32_t k = m_cur.nb; k < m_cur.ne; ++k) {
                char& ch = m_norm[k];
                const char mapped = unLeet(ch);
                if (mapped != ch) {
                    ch = mapped;
                    m_cur.obfuscated = true;
                }
            }
        }
        // s p a c e d letters: a one-letter word right after another one-letter (or glued) word.
        if (m_cur.ne - m_cur.nb == 1 && !m_words.empty() && isAlpha(m_norm[m_cur.nb])) {
            Word& prev = m_words.back();
            const bool prevSingle = (prev.ne - prev.nb == 1 && isAlpha(m_norm[prev.nb])) || prev.spaced;
            if (prevSingle && m_cur.ob >= prev.oe && m_cur.ob - prev.oe <= 1 && prev.ne + 1 == m_cur.nb) {
                m_norm[prev.ne] = m_norm[m_cur.nb];
                m_norm.pop_back();
                prev.ne += 1;
                prev.oe = m_cur.oe;
                prev.spaced = true;
                prev.obfuscated = prev.obfuscated || (prev.ne - prev.nb) >= 4;
                return;
            }
        }
        m_words.push_back(m_cur);
    }

    static void flushBase64(std::size_t start, std::size_t len, bool upper, bool lower,
                            std::vector<Base64Run>* runs)
    {
        addBase64Run(start, len, upper, lower, *runs);
    }

    std::string& m_norm;
    std::vector<Word>& m_words;
    Word m_cur{};
    bool m_inWord = false;
    bool m_hasDigit = false;
    bool m_hasAlpha = false;
    bool m_wordObfuscated = false;
};

// The screen: a cheap first pass over the raw text that spares ordinary text the normalising pass.
//
// Contract. On texts it accepts, the screen sees exactly the words Normalizer would produce (same
// segmentation, case and Latin-1 folding, apostrophes dropped, leetspeak undone inside words that
// mix letters and digits) with their byte spans, and collects the same base64 runs. It checks each
// word against the pattern anchors (PatternIndex) without writing the normalised text out, and
// lists the stretches of words around anchor words: every match of the text lies in one of them.
// It refuses a text, which then takes the full normalising pass, at the first sign of an
// obfuscation that the normaliser undoes across characters or words: ignorable characters
// (zero-width, soft hyphen, variation selectors), Cyrillic/Greek look-alikes, full-width letters,
// or s p a c e d letters. Which slot is a pattern's anchor only changes how much text is skipped,
// never what is found; tests compare the screened and the full pass on plain and obfuscated texts.
class InjectionScreen
{
public:
    struct WordSpan
    {
        std::uint32_t ob, oe; // in the original text
    };
    struct Stretch
    {
        std::uint32_t first, last; // word indices into the spans, inclusive
    };

    // False when the text needs the normalising pass. Otherwise `spans` holds every word, `stretches`
    // the word ranges to match (in order, possibly overlapping), and `runs` the base64 runs
    // Normalizer would have collected.
    bool run(std::string_view s, std::vector<WordSpan>& spans, std::vector<Stretch>& stretches,
             std::vector<Base64Run>& runs)
    {
        m_index = &patternIndex();
        m_spans = &spans;
        m_stretches = &stretches;
        m_inWord = false;
        m_prevSingle = false;
        m_prevOe = 0;
        spans.clear();
        stretches.clear();
        runs.clear();
        const char* const p = s.data();
        const std::size_t n = s.size();
        // The base64 run ending at the current byte starts at b64Start (kNoRun: there is none). Its
        // case only matters once it is long enough to be kept, so it is read then, not word by word.
        constexpr std::size_t kNoRun = std::size_t(-1);
        std::size_t b64Start = kNoRun;
        auto flushBase64 = [&](std::size_t end) {
            if (b64Start != kNoRun && end - b64Start >= 24) {
                const std::string_view run = s.substr(b64Start, end - b64Start);
                bool upper = false, lower = false;
                for (char ch : run) {
                    upper = upper || isUpper(ch);
                    lower = lower || isLower(ch);
                }
                addBase64Run(b64Start, run.size(), upper, lower, runs);
            }
            b64Start = kNoRun;
        };
        for (std::size_t i = 0; i < n;) {
            const unsigned char c = static_cast<unsigned char>(p[i]);
            if (c < 0x80) {
                if (kClass[c] & kAlnum) {
                    std::size_t j = i;
                    std::uint8_t seen = 0;
                    for (; j < n; ++j) {
                        const std::uint8_t kj = kClass[static_cast<unsigned char>(p[j])];
                        if (!(kj & kAlnum))
                            break;
                        seen |= kj;
                    }
                    if (b64Start == kNoRun)
                        b64Start = i;
                    const bool wordGoesOn =
                        j < n && (p[j] == '\'' || static_cast<unsigned char>(p[j]) >= 0x80);
                    if (!m_inWord && !wordGoesOn) {
                        if (!asciiWord(p, i, j, seen))
                            return false;
                    } else {
                        for (std::size_t k = i; k < j; ++k)
                            letter(static_cast<char>(p[k] | 0x20), i, k + 1); // lower-cases letters only
                        m_hasDigit = m_hasDigit || (seen & kDigit);
                    }
                    i = j;
                    continue;
                }
                if (!isBase64RunByte(c))
                    flushBase64(i);
                else if (b64Start == kNoRun)
                    b64Start = i;
                if (m_inWord && c != '\'' && !endWord()) // inside a word, apostrophes are dropped
                    return false;
                ++i;
                continue;
            }
            flushBase64(i);
            std::uint32_t cp = 0;
            const std::size_t len = decodeUtf8(s, i, cp);
            if (len == 0) {
                if (!endWord())
                    return false;
                ++i;
                continue;
            }
            const CodePointClass k = classifyCodePoint(cp, m_inWord);
            switch (k.kind) {
            case CodePointKind::Ignorable:
            case CodePointKind::LookAlike:
                return false;
            case CodePointKind::Apostrophe:
                break;
            case CodePointKind::Latin:
                letter(k.folded, i, i + len);
                if (cp == 0xDF)
                    letter('s', i, i + len);
                break;
            case CodePointKind::Separator:
                if (!endWord())
                    return false;
                break;
            case CodePointKind::Foreign:
                for (std::size_t b = 0; b < len; ++b)
                    letter(s[i + b], i, i + len);
                break;
            }
            i += len;
        }
        if (!endWord())
            return false;
        flushBase64(n);
        return true;
    }

private:
    // Longer than any pattern alternative; a longer word is compared on its first bytes only, which
    // can only produce a spurious anchor (more work), never hide one.
    static constexpr std::size_t kWordBuffer = 64;

    // A word of ASCII letters and digits between two separators: the common case, read in place.
    bool asciiWord(const char* p, std::size_t b, std::size_t e, std::uint8_t seen)
    {
        const std::size_t len = e - b;
        const bool leet = (seen & kDigit) && (seen & kAlpha) && len <= kMaxLeetWord;
        const bool single = len == 1 && (seen & kAlpha);
        if (!addWord(b, e, single))
            return false;
        char c0 = static_cast<char>(p[b] | 0x20);
        char c1 = len > 1 ? static_cast<char>(p[b + 1] | 0x20) : '\0';
        char c2 = len > 2 ? static_cast<char>(p[b + 2] | 0x20) : '\0';
        if (leet) {
            c0 = unLeet(c0);
            c1 = unLeet(c1);
            c2 = unLeet(c2);
        }
        if (!m_index->mayAnchor(c0, c1, c2, len))
            return true;
        const std::size_t kept = std::min(len, kWordBuffer);
        for (std::size_t k = 0; k < kept; ++k) {
            const char ch = static_cast<char>(p[b + k] | 0x20);
            m_buf[k] = leet ? unLeet(ch) : ch;
        }
        checkAnchor(std::string_view(m_buf, kept));
        return true;
    }

    void letter(char c, std::size_t ob, std::size_t oe)
    {
        if (!m_inWord) {
            m_inWord = true;
            m_len = 0;
            m_ob = static_cast<std::uint32_t>(ob);
            m_hasDigit = m_hasAlpha = false;
        }
        if (m_len < kWordBuffer)
            m_buf[m_len] = c;
        ++m_len;
        m_hasAlpha = m_hasAlpha || (c >= 'a' && c <= 'z');
        m_oe = static_cast<std::uint32_t>(oe);
    }

    // Ends a word built with letter(), as Normalizer::endWord does.
    bool endWord()
    {
        if (!m_inWord)
            return true;
        m_inWord = false;
        if (m_hasDigit && m_hasAlpha && m_len <= kMaxLeetWord) {
            for (std::size_t k = 0; k < m_len; ++k)
                m_buf[k] = unLeet(m_buf[k]);
        }
        if (!addWord(m_ob, m_oe, m_len == 1 && isAlpha(m_buf[0])))
            return false;
        checkAnchor(std::string_view(m_buf, std::min(m_len, kWordBuffer)));
        return true;
    }

    // False where Normalizer would join s p a c e d letters: one-letter words at most a byte apart.
    bool addWord(std::size_t ob, std::size_t oe, bool single)
    {
        if (single && m_prevSingle && ob >= m_prevOe && ob - m_prevOe <= 1)
            return false;
        m_prevSingle = single;
        m_prevOe = static_cast<std::uint32_t>(oe);
        m_spans->push_back(WordSpan{static_cast<std::uint32_t>(ob), static_cast<std::uint32_t>(oe)});
        return true;
    }

    // For the word just added.
    void checkAnchor(std::string_view normalised)
    {
        const PatternIndex::Reach r = m_index->anchorReach(normalised);
        if (!r.any)
            return;
        const std::size_t w = m_spans->size() - 1;
        m_stretches->push_back(Stretch{static_cast<std::uint32_t>(w > r.before ? w - r.before : 0),
                                       static_cast<std::uint32_t>(w + r.after)});
    }

    const PatternIndex* m_index = nullptr;
    std::vector<WordSpan>* m_spans = nullptr;
    std::vector<Stretch>* m_stretches = nullptr;
    char m_buf[kWordBuffer];
    std::size_t m_len = 0; // normalised bytes of the word being built (may exceed the buffer)
    std::uint32_t m_ob = 0, m_oe = 0;
    std::uint32_t m_prevOe = 0;
    bool m_inWord = false;
    bool m_hasDigit = false;
    bool m_hasAlpha = false;
    bool m_prevSingle = false; // the previous word was one letter
};

bool altMatches(const Alternative& a, std::string_view w)
{
    if (a.prefix)
        return w.size() >= a.text.size() && w.compare(0, a.text.size(), a.text) == 0;
    return w == a.text;
}

bool slotMatches(const Slot& slot, std::string_view w)
{
    if (w.empty() || !slot.mayMatch(static_cast<unsigned char>(w[0])))
        return false;
    for (const Alternative& a : slot.alternatives) {
        if (altMatches(a, w))
            return true;
    }
    return false;
}

bool containsAny(std::string_view w, std::initializer_list<std::string_view> needles)
{
    for (std::string_view n : needles) {
        if (w.find(n) != std::string_view::npos)
            return true;
    }
    return false;
}

// Matches all patterns over the normalised words. Offsets in matches are mapped through `mapOb`
// (identity for the text itself; the base64 run for decoded payloads).
template <typename MapFn>
void matchWords(const Scratch& scratch, float bonus, MapFn mapSpan, std::vector<Match>& matches)
{
    const PatternIndex& index = patternIndex();
    const std::string_view norm(scratch.norm);
    const auto& words = scratch.words;
    for (std::size_t wi = 0; wi < words.size(); ++wi) {
        const Word& w = words[wi];
        const std::string_view text = norm.substr(w.nb, w.ne - w.nb);
        if (text.size() >= 10 && w.spaced) {
            // Letters spaced without word breaks: "i g n o r e a l l p r e v i o u s ...".
            const bool verb = containsAny(
                text, {"ignor", "disregard", "forget", "bypass", "ignorier", "vergiss", "oubli", "olvid"});
            const bool object = containsAny(
                text, {"instruction", "previous", "rules", "prompt", "anweisung", "consigne", "instruccion"});
            if ((verb && object) || containsAny(text, {"systemprompt", "doanythingnow", "jailbreak"})) {
                const auto [ob, oe] = mapSpan(w.ob, w.oe);
                matches.push_back(
                    Match{static_cast<std::uint16_t>(kPatternCount), ob, oe, std::min(1.0f, 0.85f + bonus)});
            }
        }
        if (text.size() < 2)
            continue;
        const std::uint16_t key = PatternIndex::keyOf(text);
        if (!(index.present[key >> 6] & (std::uint64_t(1) << (key & 63))))
            continue;
        std::uint32_t t = index.head[key];
        if (t == 0)
            continue;
        for (std::size_t ti = t - 1; ti < index.triggers.size() && index.keys[ti] == key; ++ti) {
            const Trigger trig = index.triggers[ti];
            const Pattern& p = index.patterns[trig.pattern];
            if (!altMatches(p.slots[0].alternatives[trig.alternative], text))
                continue;
            std::size_t last = wi;
            bool ok = true;
            bool obfuscated = w.obfuscated;
            for (std::size_t si = 1; si < p.slots.size() && ok; ++si) {
                ok = false;
                for (std::size_t cand = last + 1; cand < words.size() && cand <= last + 1 + p.gap; ++cand) {
                    const Word& cw = words[cand];
                    if (slotMatches(p.slots[si], norm.substr(cw.nb, cw.ne - cw.nb))) {
                        last = cand;
                        obfuscated = obfuscated || cw.obfuscated;
                        ok = true;
                        break;
                    }
                }
            }
            if (!ok)
                continue;
            const auto [ob, oe] = mapSpan(w.ob, words[last].oe);
            const float weight = std::min(1.0f, p.weight + bonus + (obfuscated ? 0.1f : 0.0f));
            matches.push_back(Match{trig.pattern, ob, oe, weight});
        }
    }
}

bool decodeBase64(std::string_view in, std::string& out)
{
    out.clear();
    std::uint32_t acc = 0;
    int bits = 0;
    for (char ch : in) {
        int v;
        if (ch >= 'A' && ch <= 'Z')
            v = ch - 'A';
        else if (ch >= 'a' && ch <= 'z')
            v = ch - 'a' + 26;
        else if (ch >= '0' && ch <= '9')
            v = ch - '0' + 52;
        else if (ch == '+' || ch == '-')
            v = 62;
        else if (ch == '/' || ch == '_')
            v = 63;
        else if (ch == '=')
            break;
        else
            return false;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xFF));
        }
    }
    // Mostly printable text, otherwise it is binary data (an image, a key), not a hidden prompt.
    std::size_t printable = 0;
    for (char ch : out) {
        const unsigned char u = static_cast<unsigned char>(ch);
        printable += (u >= 0x20 && u < 0x7F) || u == '\n' || u == '\t' || u >= 0x80 ? 1 : 0;
    }
    return out.size() >= 12 && printable * 10 >= out.size() * 9;
}

} // namespace

namespace {

float scanInjectionImpl(std::string_view text, float threshold, std::vector<Detection>& out, bool useScreen)
{
    thread_local Scratch top;
    thread_local Scratch nested;
    thread_local std::vector<Base64Run> runs;
    thread_local std::vector<Match> matches;
    thread_local InjectionScreen screen;
    thread_local std::vector<InjectionScreen::WordSpan> spans;
    thread_local std::vector<InjectionScreen::Stretch> stretches;
    matches.clear();

    if (useScreen && screen.run(text, spans, stretches, runs)) {
        // Only the words around anchors can take part in a match: normalise and match those
        // stretches of the text. Overlapping stretches are merged; a match found twice would
        // change neither the score nor the reported regions.
        for (std::size_t a = 0; a < stretches.size();) {
            std::size_t first = stretches[a].first;
            std::size_t last = stretches[a].last;
            for (++a; a < stretches.size() && stretches[a].first <= last + 1; ++a) {
                first = std::min<std::size_t>(first, stretches[a].first);
                last = std::max<std::size_t>(last, stretches[a].last);
            }
            last = std::min(last, spans.size() - 1);
            const std::uint32_t ob = spans[first].ob;
            Normalizer(top).run(text.substr(ob, spans[last].oe - ob), nullptr);
            matchWords(
                top, 0.0f,
                [ob](std::uint32_t b, std::uint32_t e) {
                    return std::pair{b + ob, e + ob};
                },
                matches);
        }
    } else {
        runs.clear();
        Normalizer(top).run(text, &runs);
        matchWords(
            top, 0.0f,
            [](std::uint32_t b, std::uint32_t e) {
                return std::pair{b, e};
            },
            matches);
    }
    for (const Base64Run& r : runs) {
        if (!decodeBase64(text.substr(r.b, r.e - r.b), nested.decoded))
            continue;
        Normalizer(nested).run(nested.decoded, nullptr);
        // Hiding an instruction in base64 is itself a signal.
        matchWords(
            nested, 0.15f,
            [&r](std::uint32_t, std::uint32_t) {
                return std::pair{r.b, r.e};
            },
            matches);
    }
    if (matches.empty())
        return 0.0f;

    // Noisy-OR over distinct patterns (each pattern counts once, at its best weight).
    std::array<float, kPatternCount + 1> best{};
    for (const Match& m : matches)
        best[m.pattern] = std::max(best[m.pattern], m.weight);
    float keep = 1.0f;
    for (float w : best)
        keep *= 1.0f - w;
    const float score = std::clamp(1.0f - keep, 0.0f, 1.0f);
    if (score < threshold)
        return score;

    std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) { return a.ob < b.ob; });
    std::uint32_t cb = matches.front().ob, ce = matches.front().oe;
    auto flush = [&]() { out.push_back(Detection{DetectorId::PromptInjection, cb, ce, score}); };
    for (std::size_t i = 1; i < matches.size(); ++i) {
        if (matches[i].ob <= ce) {
            ce = std::max(ce, matches[i].oe);
        } else {
            flush();
            cb = matches[i].ob;
            ce = matches[i].oe;
        }
    }
    flush();
    return score;
}

} // namespace

float scanInjection(std::string_view text, float threshold, std::vector<Detection>& out)
{
    return scanInjectionImpl(text, threshold, out, true);
}

float scanInjectionUnscreened(std::string_view text, float threshold, std::vector<Detection>& out)
{
    return scanInjectionImpl(text, threshold, out, false);
}

bool injectionScreenAccepts(std::string_view text)
{
    thread_local InjectionScreen screen;
    thread_local std::vector<InjectionScreen::WordSpan> spans;
    thread_local std::vector<InjectionScreen::Stretch> stretches;
    thread_local std::vector<Base64Run> runs;
    return screen.run(text, spans, stretches, runs);
}

} // namespace tollgate::guardrails::detail
