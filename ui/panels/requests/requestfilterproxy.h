#pragma once

#include <QSortFilterProxyModel>

namespace tollgate::ui {

// Filters a RequestLogModel by provider, model, status class and free text (any field, case
// insensitive), and sorts each column by RequestLogModel::SortRole.
class RequestFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class StatusFilter
    {
        Any,
        Success,
        ClientError,
        ServerError,
        ClientLeft
    };

    explicit RequestFilterProxy(QObject* parent = nullptr);

    void setProvider(const QString& provider); // null QString: any; "" matches the gateway's own answers
    void setModel(const QString& model);       // null: any
    void setStatusFilter(StatusFilter filter);
    void setText(const QString& text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_provider;
    QString m_model;
    StatusFilter m_status = StatusFilter::Any;
    QString m_text;
};

} // namespace tollgate::ui
