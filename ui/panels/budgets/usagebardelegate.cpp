#include "panels/budgets/usagebardelegate.h"

#include "models/budgettablemodel.h"

#include <QPainter>

#include <algorithm>

namespace tollgate::ui {

void UsageBarDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                             const QModelIndex& index) const
{
    const qint64 cap = index.data(BudgetTableModel::CapMicrosRole).toLongLong();
    const qint64 settled = index.data(BudgetTableModel::SettledMicrosRole).toLongLong();
    const qint64 reserved = index.data(BudgetTableModel::ReservedMicrosRole).toLongLong();
    const qint64 soft = index.data(BudgetTableModel::SoftMicrosRole).toLongLong();
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    QStyledItemDelegate::paint(painter, background, index); // selection and focus

    const QRect bar = option.rect.adjusted(3, 3, -3, -3);
    const auto fraction = [cap](qint64 micros) {
        return cap > 0 ? std::clamp(double(micros) / double(cap), 0.0, 1.0) : (micros > 0 ? 1.0 : 0.0);
    };
    const double settledFraction = fraction(settled);
    const double totalFraction = fraction(settled + reserved);
    const QColor fill = totalFraction >= 1.0           ? QColor(0xd6, 0x27, 0x28)
                        : soft >= 0 && settled >= soft ? QColor(0xff, 0x9f, 0x1a)
                                                       : QColor(0x2c, 0xa0, 0x2c);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->setPen(QColor(0xb0, 0xb0, 0xb0));
    painter->setBrush(QColor(0xf2, 0xf2, 0xf2));
    painter->drawRect(bar);
    const int settledWidth = int(double(bar.width()) * settledFraction);
    const int totalWidth = int(double(bar.width()) * totalFraction);
    painter->setPen(Qt::NoPen);
    painter->fillRect(QRect(bar.left() + 1, bar.top() + 1, std::max(0, settledWidth - 1), bar.height() - 1),
                      fill.lighter(130));
    if (totalWidth > settledWidth)
        painter->fillRect(
            QRect(bar.left() + settledWidth, bar.top() + 1, totalWidth - settledWidth, bar.height() - 1),
            QBrush(fill, Qt::BDiagPattern));
    if (soft >= 0 && cap > 0) {
        const int x = bar.left() + int(double(bar.width()) * fraction(soft));
        painter->setPen(QPen(QColor(0x60, 0x60, 0x60), 1, Qt::DashLine));
        painter->drawLine(x, bar.top(), x, bar.bottom());
    }
    painter->setPen(option.palette.color(QPalette::Text));
    painter->drawText(bar.adjusted(4, 0, -4, 0), Qt::AlignVCenter | Qt::AlignLeft,
                      index.data(Qt::DisplayRole).toString());
    painter->restore();
}

QSize UsageBarDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(std::max(size.width() + 16, 220));
    size.setHeight(std::max(size.height(), option.fontMetrics.height() + 10));
    return size;
}

} // namespace tollgate::ui
