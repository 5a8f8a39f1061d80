#include "widgets/paneltitle.h"

#include <QLabel>

namespace tollgate::ui {

QLabel* panelTitle(const QString& text, const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setObjectName(objectName);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 1.4);
    font.setBold(true);
    label->setFont(font);
    return label;
}

} // namespace tollgate::ui
