#pragma once

#include <QString>

class QLabel;
class QWidget;

namespace tollgate::ui {

// The heading of a panel or of a section in one: bold, 1.4 times the default size. objectName
// lets tests and screenshots find it.
QLabel* panelTitle(const QString& text, const QString& objectName, QWidget* parent);

} // namespace tollgate::ui
