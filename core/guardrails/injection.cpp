#include "guardrails/injection.h"

#include "guardrails/textutil.h"

#include <algorithm>
#include <array>
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
                if ((cls(static_cast<char>(c)) & kB64) || c == '=' || c == '-' || c == '_') {
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
            if (isIgnorable(cp)) {
                m_wordObfuscated = m_inWord;
            } else if (cp == 0x2019 && m_inWord) {
                // typographic apostrophe
            } else if (char f = foldLatin1(cp)) {
                letter(f, i, i + len, false);
                if (cp == 0xDF)
                    letter('s', i, i + len, false);
            } else if (char h = foldHomoglyph(cp)) {
                letter(h, i, i + len, true);
            } else if (cp >= 0xFF01 && cp <= 0xFF5E) {
                const char a = static_cast<char>(cp - 0xFEE0);
                if (isAlnum(a))
                    letter(lowerAscii(a), i, i + len, true);
                else
                    endWord();
            } else if (cp == 0x0964 || cp == 0x0965 || (cp >= 0x2000 && cp <= 0x206F) ||
                       (cp >= 0x3000 && cp <= 0x303F) || cp == 0x00A0 || (cp >= 0x00A1 && cp <= 0x00BF) ||
                       cp == 0x00D7 || cp == 0x00F7) {
                endWord(); // punctuation and spaces outside ASCII
            } else {
                // Other scripts (Devanagari ...): keep the bytes as word characters.
                for (std::size_t k = 0; k < len; ++k)
                    letter(s[i + k], i, i + len, false);
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
        if (m_hasDigit && m_hasAlpha && m_cur.ne - m_cur.nb <= 24) {
            for (std::uint32_t k = m_cur.nb; k < m_cur.ne; ++k) {
                char& ch = m_norm[k];
                const char mapped = ch == '0'   ? 'o'
                                    : ch == '1' ? 'i'
                                    : ch == '3' ? 'e'
                                    : ch == '4' ? 'a'
                                    : ch == '5' ? 's'
                                    : ch == '7' ? 't'
                                                : ch;
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
        if (len >= 24 && upper && lower && runs->size() < 4)
            runs->push_back(
                Base64Run{static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(start + len)});
    }

    std::string& m_norm;
    std::vector<Word>& m_words;
    Word m_cur{};
    bool m_inWord = false;
    bool m_hasDigit = false;
    bool m_hasAlpha = false;
    bool m_wordObfuscated = false;
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

float scanInjection(std::string_view text, float threshold, std::vector<Detection>& out)
{
    thread_local Scratch top;
    thread_local Scratch nested;
    thread_local std::vector<Base64Run> runs;
    thread_local std::vector<Match> matches;
    runs.clear();
    matches.clear();

    Normalizer(top).run(text, &runs);
    matchWords(
        top, 0.0f,
        [](std::uint32_t b, std::uint32_t e) {
            return std::pair{b, e};
        },
        matches);
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

} // namespace tollgate::guardrails::detail
