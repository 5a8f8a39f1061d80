#include "guardrails/checksums.h"

#include <array>
#include <cstdint>

namespace tollgate::guardrails {

namespace {

bool allDigits(std::string_view s)
{
    for (char c : s) {
        if (c < '0' || c > '9')
            return false;
    }
    return !s.empty();
}

int prefixNumber(std::string_view digits, std::size_t n)
{
    int v = 0;
    for (std::size_t i = 0; i < n && i < digits.size(); ++i)
        v = v * 10 + (digits[i] - '0');
    return v;
}

struct IbanCountry
{
    char code[3];
    std::uint8_t length;
};

// ISO 13616 registry lengths (SWIFT IBAN registry).
constexpr IbanCountry kIbanCountries[] = {
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22},
    {"BH", 22}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24}, {"DE", 22},
    {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18}, {"FO", 18}, {"FR", 27},
    {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27}, {"GT", 28}, {"HR", 21}, {"HU", 28},
    {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27}, {"JO", 30}, {"KW", 30}, {"KZ", 20},
    {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20}, {"LV", 21}, {"MC", 27}, {"MD", 24},
    {"ME", 22}, {"MK", 19}, {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NL", 18}, {"NO", 15}, {"PK", 24},
    {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"SA", 24}, {"SC", 31},
    {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"ST", 25}, {"SV", 28}, {"TL", 23}, {"TN", 24},
    {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20},
};

constexpr std::uint8_t kVerhoeffD[10][10] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
                                             {2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
                                             {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
                                             {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
                                             {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
constexpr std::uint8_t kVerhoeffP[8][10] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
                                            {5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
                                            {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
                                            {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};

} // namespace

bool luhnValid(std::string_view digits)
{
    if (digits.size() < 2 || !allDigits(digits))
        return false;
    int sum = 0;
    bool doubleIt = false;
    for (std::size_t i = digits.size(); i-- > 0;) {
        int d = digits[i] - '0';
        if (doubleIt) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
        doubleIt = !doubleIt;
    }
    return sum % 10 == 0;
}

bool paymentCardValid(std::string_view d)
{
    if (d.size() < 12 || d.size() > 19 || !luhnValid(d))
        return false;
    const std::size_t n = d.size();
    const int p1 = d[0] - '0';
    const int p2 = prefixNumber(d, 2);
    const int p3 = prefixNumber(d, 3);
    const int p4 = prefixNumber(d, 4);
    const int p6 = prefixNumber(d, 6);
    // Visa
    if (p1 == 4)
        return n == 13 || n == 16 || n == 19;
    // Mastercard
    if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720))
        return n == 16;
    // American Express
    if (p2 == 34 || p2 == 37)
        return n == 15;
    // Discover
    if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65 || (p6 >= 622126 && p6 <= 622925))
        return n >= 16 && n <= 19;
    // JCB
    if (p4 >= 3528 && p4 <= 3589)
        return n >= 16 && n <= 19;
    // Diners Club
    if (p2 == 36 || (p3 >= 300 && p3 <= 305) || p2 == 38 || p2 == 39)
        return n >= 14 && n <= 19;
    // UnionPay
    if (p2 == 62 || p2 == 81)
        return n >= 16 && n <= 19;
    // Maestro
    if (p2 == 50 || (p2 >= 56 && p2 <= 58) || p4 == 6304 || p4 == 6759 || p4 == 6761 || p4 == 6762 ||
        p4 == 6763 || p2 == 67)
        return n >= 12 && n <= 19;
    // RuPay
    if (p2 == 60 || p3 == 508 || p3 == 652 || p3 == 353 || p3 == 356)
        return n == 16;
    // Mir
    if (p4 >= 2200 && p4 <= 2204)
        return n >= 16 && n <= 19;
    return false;
}

bool ibanValid(std::string_view s)
{
    if (s.size() < 15 || s.size() > 34)
        return false;
    const IbanCountry* country = nullptr;
    for (const auto& c : kIbanCountries) {
        if (s[0] == c.code[0] && s[1] == c.code[1]) {
            country = &c;
            break;
        }
    }
    if (!country || s.size() != country->length)
        return false;
    if (s[2] < '0' || s[2] > '9' || s[3] < '0' || s[3] > '9')
        return false;
    // Rearranged: BBAN then country and check digits; letters count as 10..35.
    std::uint32_t rem = 0;
    auto feed = [&rem](char c) -> bool {
        if (c >= '0' && c <= '9') {
            rem = (rem * 10 + static_cast<std::uint32_t>(c - '0')) % 97;
        } else if (c >= 'A' && c <= 'Z') {
            const std::uint32_t v = static_cast<std::uint32_t>(c - 'A') + 10;
            rem = (rem * 100 + v) % 97;
        } else {
            return false;
        }
        return true;
    };
    for (std::size_t i = 4; i < s.size(); ++i) {
        if (!feed(s[i]))
            return false;
    }
    for (std::size_t i = 0; i < 4; ++i) {
        if (!feed(s[i]))
            return false;
    }
    return rem == 1;
}

bool usSsnValid(std::string_view d)
{
    if (d.size() != 9 || !allDigits(d))
        return false;
    const int area = prefixNumber(d, 3);
    const int group = prefixNumber(d.substr(3), 2);
    const int serial = prefixNumber(d.substr(5), 4);
    if (area == 0 || area == 666 || area >= 900)
        return false;
    return group != 0 && serial != 0;
}

bool verhoeffValid(std::string_view d)
{
    if (d.empty() || !allDigits(d))
        return false;
    int c = 0;
    std::size_t pos = 0;
    for (std::size_t i = d.size(); i-- > 0; ++pos)
        c = kVerhoeffD[c][kVerhoeffP[pos % 8][d[i] - '0']];
    return c == 0;
}

bool aadhaarValid(std::string_view d)
{
    return d.size() == 12 && allDigits(d) && d[0] >= '2' && verhoeffValid(d);
}

bool inPanValid(std::string_view p)
{
    if (p.size() != 10)
        return false;
    for (std::size_t i = 0; i < 10; ++i) {
        const char c = p[i];
        const bool letter = c >= 'A' && c <= 'Z';
        const bool digit = c >= '0' && c <= '9';
        if ((i < 5 || i == 9) ? !letter : !digit)
            return false;
    }
    switch (p[3]) {
    case 'P':
    case 'C':
    case 'H':
    case 'F':
    case 'A':
    case 'T':
    case 'B':
    case 'L':
    case 'J':
    case 'G':
    case 'E':
        break;
    default:
        return false;
    }
    return p.substr(5, 4) != "0000";
}

bool ukNhsValid(std::string_view d)
{
    if (d.size() != 10 || !allDigits(d))
        return false;
    int sum = 0;
    for (int i = 0; i < 9; ++i)
        sum += (d[static_cast<std::size_t>(i)] - '0') * (10 - i);
    int check = 11 - (sum % 11);
    if (check == 11)
        check = 0;
    if (check == 10)
        return false;
    return check == d[9] - '0';
}

} // namespace tollgate::guardrails
