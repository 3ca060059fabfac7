#include "ui/lora_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSettings>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace hl {
namespace ui {
namespace {
enum Column { kOn, kName, kStrength };
}

LoraPanel::LoraPanel(QWidget* parent) : QWidget(parent) {
  setObjectName("loraPanel");
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(0, 0, 0, 0);
  auto* head = new QHBoxLayout();
  head->addWidget(new QLabel(tr("LoRAs"), this));
  available_ = new QComboBox(this);
  available_->setObjectName("loraAvailable");
  available_->setPlaceholderText(tr("Add from the models folder"));
  available_->setToolTip(tr("LoRA files found in the models folder (loras/)"));
  head->addWidget(available_, 1);
  auto* file = new QToolButton(this);
  file->setObjectName("loraAddFile");
  file->setText(tr("File..."));
  file->setToolTip(tr("Add a LoRA file (.safetensors, kohya format)"));
  auto* remove = new QToolButton(this);
  remove->setObjectName("loraRemove");
  remove->setText(tr("Remove"));
  remove->setToolTip(tr("Remove the selected LoRAs"));
  head->addWidget(file);
  head->addWidget(remove);
  v->addLayout(head);
  table_ = new QTableWidget(0, 3, this);
  table_->setObjectName("loraTable");
  table_->setHorizontalHeaderLabels({QString(), tr("LoRA"), tr("Strength")});
  table_->horizontalHeader()->setSectionResizeMode(kName, QHeaderView::Stretch);
  table_->horizontalHeader()->setSectionResizeMode(kOn, QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setSectionResizeMode(kStrength, QHeaderView::ResizeToContents);
  table_->verticalHeader()->setVisible(false);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setMaximumHeight(96);
  v->addWidget(table_);
  connect(available_, qOverload<int>(&QComboBox::activated), this, [this](int i) {
    addLora(available_->itemData(i).toString());
    available_->setCurrentIndex(-1);
  });
  connect(file, &QToolButton::clicked, this, [this] {
    for (const QString& f : QFileDialog::getOpenFileNames(this, tr("Add LoRA"), QString(),
                                                          tr("LoRA files (*.safetensors)")))
      addLora(f);
  });
  connect(remove, &QToolButton::clicked, this, &LoraPanel::removeSelected);
}

void LoraPanel::setAvailable(const QStringList& files) {
  available_->clear();
  for (const QString& f : files) available_->addItem(QFileInfo(f).completeBaseName(), f);
  available_->setCurrentIndex(-1);
  available_->setEnabled(!files.isEmpty());
}

void LoraPanel::addLora(const QString& path, double strength) {
  const int row = table_->rowCount();
  table_->insertRow(row);
  auto* on = new QCheckBox(table_);
  on->setChecked(true);
  on->setToolTip(tr("Use this LoRA"));
  table_->setCellWidget(row, kOn, on);
  auto* name = new QTableWidgetItem(QFileInfo(path).completeBaseName());
  name->setData(Qt::UserRole, path);
  name->setToolTip(path);
  name->setFlags(name->flags() & ~Qt::ItemIsEditable);
  table_->setItem(row, kName, name);
  auto* s = new QDoubleSpinBox(table_);
  s->setRange(-4.0, 4.0);
  s->setSingleStep(0.05);
  s->setValue(strength);
  table_->setCellWidget(row, kStrength, s);
  connect(on, &QCheckBox::toggled, this, &LoraPanel::changed);
  connect(s, &QDoubleSpinBox::editingFinished, this, &LoraPanel::changed);
  emit changed();
}

void LoraPanel::removeSelected() {
  QList<int> rows;
  for (const QModelIndex& i : table_->selectionModel()->selectedRows()) rows << i.row();
  std::sort(rows.begin(), rows.end(), std::greater<int>());
  for (int r : rows) table_->removeRow(r);
  if (!rows.isEmpty()) emit changed();
}

std::vector<studio::UserLora> LoraPanel::loras() const {
  std::vector<studio::UserLora> out;
  for (int r = 0; r < table_->rowCount(); ++r) {
    if (!static_cast<QCheckBox*>(table_->cellWidget(r, kOn))->isChecked()) continue;
    out.push_back({table_->item(r, kName)->data(Qt::UserRole).toString().toStdString(),
                   static_cast<QDoubleSpinBox*>(table_->cellWidget(r, kStrength))->value()});
  }
  return out;
}

void LoraPanel::setLoras(const std::vector<studio::UserLora>& loras) {
  table_->setRowCount(0);
  for (const auto& l : loras) addLora(QString::fromStdString(l.path), l.strength);
}

void LoraPanel::saveSettings() const {
  QStringList paths;
  QList<QVariant> strengths, on;
  for (int r = 0; r < table_->rowCount(); ++r) {
    paths << table_->item(r, kName)->data(Qt::UserRole).toString();
    strengths << static_cast<QDoubleSpinBox*>(table_->cellWidget(r, kStrength))->value();
    on << static_cast<QCheckBox*>(table_->cellWidget(r, kOn))->isChecked();
  }
  QSettings s;
  s.setValue("generate/loraPaths", paths);
  s.setValue("generate/loraStrengths", strengths);
  s.setValue("generate/loraOn", on);
}

void LoraPanel::restoreSettings() {
  QSettings s;
  const QStringList paths = s.value("generate/loraPaths").toStringList();
  const QList<QVariant> strengths = s.value("generate/loraStrengths").toList(),
                        on = s.value("generate/loraOn").toList();
  table_->setRowCount(0);
  for (int i = 0; i < paths.size(); ++i) {
    if (!QFileInfo::exists(paths[i])) continue;
    addLora(paths[i], i < strengths.size() ? strengths[i].toDouble() : 1.0);
    if (i < on.size())
      static_cast<QCheckBox*>(table_->cellWidget(table_->rowCount() - 1, kOn))
          ->setChecked(on[i].toBool());
  }
}

}  // namespace ui
}  // namespace hl
