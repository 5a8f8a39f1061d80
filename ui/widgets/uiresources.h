#pragma once

#include <QIcon>
#include <QString>

namespace tollgate::ui {

// Registers the icon (and translation) resources compiled into the tollgate_ui static library.
// Idempotent; MainWindow calls it, and so may tests that use the icons without a window.
void initResources();

// A navigation icon from resources/icons/nav, by its file's base name ("dashboard", "keys" ...).
QIcon navigationIcon(const QString& name);
// The application icon (SVG with a 256 px PNG fallback), for the window, the tray and dialogs.
QIcon applicationIcon();

} // namespace tollgate::ui
