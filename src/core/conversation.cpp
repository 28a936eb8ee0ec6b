#include "conversation.h"

const Message *Conversation::message(qint64 id) const
{
    for (const Message &m : messages) {
        if (m.id == id)
            return &m;
    }
    return nullptr;
}

QList<qint64> Conversation::childrenOf(qint64 parentId) const
{
    QList<qint64> children;
    for (const Message &m : messages) {
        if (m.parentId == parentId)
            children.append(m.id);
    }
    return children; // in insertion order: ids grow with time
}

QList<const Message *> Conversation::activePath() const
{
    QHash<qint64, QList<const Message *>> byParent;
    for (const Message &m : messages)
        byParent[m.parentId].append(&m);
    QList<const Message *> path;
    qint64 parent = unloadedParentId;
    while (true) {
        const QList<const Message *> children = byParent.value(parent);
        if (children.isEmpty())
            break;
        const qint64 chosen = activeChild.value(parent, 0);
        const Message *next = children.last();
        for (const Message *c : children) {
            if (c->id == chosen)
                next = c;
        }
        path.append(next);
        parent = next->id;
        if (path.size() > messages.size())
            break; // a cycle in corrupt data must not hang the app
    }
    return path;
}
