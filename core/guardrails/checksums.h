#pragma once

#include <string_view>

namespace tollgate::guardrails {

// Check-digit and range validators used by the scanner. Each takes the bare identifier (digits or
// upper-case letters only, separators already removed) and never throws; anything malformed is
// simply "not valid".

bool luhnValid(std::string_view digits);
// Luhn plus a known issuer prefix (IIN) with a length that issuer uses.
bool paymentCardValid(std::string_view digits);
// ISO 13616: known country, that country's length, mod-97 == 1.
bool ibanValid(std::string_view iban);
// Area 001-899 except 666, group 01-99, serial 0001-9999 (9 digits).
bool usSsnValid(std::string_view digits);
// 12 digits, first not 0 or 1, Verhoeff check digit.
bool aadhaarValid(std::string_view digits);
bool verhoeffValid(std::string_view digits);
// AAAAA9999A with a valid holder-type 4th letter (P, C, H, F, A, T, B, L, J, G, E).
bool inPanValid(std::string_view pan);
// 10 digits, mod-11 with weights 10..2; a remainder giving 10 is never issued.
bool ukNhsValid(std::string_view digits);

} // namespace tollgate::guardrails
