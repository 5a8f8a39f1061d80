#pragma once

#include <QStyledItemDelegate>

namespace tollgate::ui {

// Draws a budget's usage cell (BudgetTableModel::UsageColumn) as a bar against the hard cap:
// settled spend solid, money held by requests in flight hatched on top of it, a tick at the soft
// threshold, and the cell's text over the bar. Reads the model's micro-unit roles.
class UsageBarDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace tollgate::ui
