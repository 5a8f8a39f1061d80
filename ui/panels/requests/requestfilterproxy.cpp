#include "panels/requests/requestfilterproxy.h"

#include "models/requestlogmodel.h"

namespace tollgate::ui {

RequestFilterProxy::RequestFilterProxy(QObject* parent) : QSortFilterProxyModel(parent)
{
    setSortRole(RequestLogModel::SortRole);
}

void RequestFilterProxy::setProvider(const QString& provider)
{
    m_provider = provider;
    invalidateFilter();
}

void RequestFilterProxy::setModel(const QString& model)
{
    m_model = model;
    invalidateFilter();
}

void RequestFilterProxy::setStatusFilter(StatusFilter filter)
{
    m_status = filter;
    invalidateFilter();
}

void RequestFilterProxy::setText(const QString& text)
{
    m_text = text.trimmed();
    invalidateFilter();
}

bool RequestFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_provider.isNull() && index.data(RequestLogModel::ProviderRole).toString() != m_provider)
        return false;
    if (!m_model.isNull() && index.data(RequestLogModel::ModelRole).toString() != m_model)
        return false;
    const int status = index.data(RequestLogModel::StatusRole).toInt();
    switch (m_status) {
    case StatusFilter::Any:
        break;
    case StatusFilter::Success:
        if (status < 200 || status >= 400)
            return false;
        break;
    case StatusFilter::ClientError:
        if (status < 400 || status >= 500)
            return false;
        break;
    case StatusFilter::ServerError:
        if (status < 500)
            return false;
        break;
    case StatusFilter::ClientLeft:
        if (status != 0)
            return false;
        break;
    }
    if (!m_text.isEmpty() &&
        !index.data(RequestLogModel::SearchTextRole).toString().contains(m_text, Qt::CaseInsensitive))
        return false;
    return true;
}

} // namespace tollgate::ui
