// User LoRAs on top of the identity: the LoRA files of the models folder (ComfyUI's
// models/loras/) and any file added by hand, each with a strength and an on/off box. The list
// is part of every generation's settings; the engine merges only the LoRAs that changed.
#pragma once

#include <QWidget>
#include <vector>

#include "studio/record.h"

class QComboBox;
class QTableWidget;
class QToolButton;

namespace hl {
namespace ui {

class LoraPanel : public QWidget {
  Q_OBJECT

 public:
  explicit LoraPanel(QWidget* parent = nullptr);

  // The LoRA files found in the models folder, offered in the "add" list.
  void setAvailable(const QStringList& files);
  void addLora(const QString& path, double strength = 1.0);
  // The ticked rows, in order.
  std::vector<studio::UserLora> loras() const;
  // Shows an earlier generation's LoRAs (rows not in it are removed).
  void setLoras(const std::vector<studio::UserLora>& loras);
  QTableWidget* table() { return table_; }
  void saveSettings() const;
  void restoreSettings();

 signals:
  void changed();

 private:
  void removeSelected();
  QComboBox* available_;
  QTableWidget* table_;
};

}  // namespace ui
}  // namespace hl
