#pragma once

#include <QFrame>
#include <QHash>
#include <QPointer>
#include <QWidget>

class AttachmentList;
class QHBoxLayout;
class AttachmentTile;

// The images waiting above the composer: one tile each, with its thumbnail (a spinner while it
// is processed), its size or what went wrong, a detail level, and a remove button. Hidden while
// there are none. A view of an AttachmentList; it changes the list only as the user asks.
class AttachmentStrip : public QWidget
{
    Q_OBJECT

public:
    explicit AttachmentStrip(QWidget *parent = nullptr);

    void setList(AttachmentList *list);
    AttachmentTile *tile(int id) const { return m_tiles.value(id); }

signals:
    // The user clicked a thumbnail.
    void openRequested(int id);

private:
    void add(int id);
    void update(int id);
    void remove(int id);

    QPointer<AttachmentList> m_list;
    QHBoxLayout *m_layout;
    QHash<int, AttachmentTile *> m_tiles;
};

// One image of the strip.
class AttachmentTile : public QFrame
{
    Q_OBJECT

public:
    AttachmentTile(AttachmentList *list, int id, QWidget *parent = nullptr);
    void refresh();
    QString caption() const;
    bool isSpinning() const;

signals:
    void openRequested(int id);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    AttachmentList *m_list;
    int m_id;
    class QLabel *m_thumbnail;
    class QLabel *m_caption;
    class QComboBox *m_detail;
    class QToolButton *m_remove;
    class Spinner *m_spinner;
};
