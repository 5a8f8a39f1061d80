#pragma once

#include <QString>

namespace tollgate::ui {

// Switches the application's language: removes the translators installed by an earlier call and
// installs Tollgate's ("en" installs none) and Qt's own for that language. Qt then sends
// QEvent::LanguageChange to every widget. Returns false (and leaves English) when Tollgate has no
// translation for code. UI thread only.
bool installLanguage(const QString& code);
// The language installLanguage() last switched to ("en" before any call).
QString currentLanguage();

} // namespace tollgate::ui
