#include "ui/settings_dialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QToolButton>
#include <QTranslator>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "studio/models.h"

namespace hl {
namespace ui {
namespace {

QTreeWidget* makeComponentTree(QWidget* parent) {
  auto* tree = new QTreeWidget(parent);
  tree->setObjectName("componentTree");
  tree->setColumnCount(2);
  tree->setHeaderLabels(
      {QApplication::translate("hl::ui::MainWindow", "Component"),
       QApplication::translate("hl::ui::MainWindow", "Location or what is missing")});
  tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  tree->setWordWrap(true);
  return tree;
}

}  // namespace

QString uiLanguage() {
  return QSettings().value("ui/language", QLocale::system().name()).toString();
}

bool loadTranslation(QTranslator& translator, const QString& language, const QString& folder) {
  return translator.load(folder + "/hyperlora_studio_" + language);
}

QString modelSetSummary(const ModelSet& set) {
  if (set.root.empty()) return QObject::tr("No models folder chosen yet.");
  QString text =
      set.canGenerate()
          ? QObject::tr("Ready to generate with %1.").arg(QString::fromStdString(set.sdxlPath))
          : QObject::tr("No usable SDXL checkpoint yet: see below what is missing.");
  text += " ";
  text += set.canMakeIdentity()
              ? QObject::tr("Identities can be made.")
              : QObject::tr("Identities need the HyperLoRA, CLIP and face models listed below.");
  return text;
}

void fillComponents(QTreeWidget* tree, const ModelSet& set) {
  tree->clear();
  const QIcon ok = tree->style()->standardIcon(QStyle::SP_DialogApplyButton);
  const QIcon missing = tree->style()->standardIcon(QStyle::SP_MessageBoxWarning);
  for (const auto& c : set.components) {
    auto* item = new QTreeWidgetItem(tree);
    item->setIcon(0, c.found ? ok : missing);
    item->setText(0, QString::fromStdString(c.component));
    item->setText(1, c.found ? QString::fromStdString(c.path)
                             : QApplication::translate("hl::ui::MainWindow", "missing"));
    if (!c.detail.empty()) new QTreeWidgetItem(item, {QString(), QString::fromStdString(c.detail)});
    if (!c.found) {
      if (!c.lookedIn.empty()) {
        QStringList where;
        for (const auto& w : c.lookedIn) where << QString::fromStdString(w);
        new QTreeWidgetItem(
            item,
            {QString(),
             QApplication::translate("hl::ui::MainWindow", "Looked in: %1").arg(where.join(", "))});
      }
      new QTreeWidgetItem(item, {QString(), QString::fromStdString(c.hint)});
      item->setExpanded(true);
    }
    for (int i = 0; i < item->childCount(); ++i)
      item->child(i)->setToolTip(1, item->child(i)->text(1));
    item->setToolTip(1, item->text(1));
  }
}

// --- Settings -----------------------------------------------------------------------------------

QLineEdit* SettingsDialog::pathRow(QFormLayout* form, const QString& label,
                                   const QString& objectName, bool file) {
  auto* row = new QHBoxLayout();
  auto* edit = new QLineEdit(this);
  edit->setObjectName(objectName);
  edit->setClearButtonEnabled(true);
  edit->setPlaceholderText(tr("found under the models folder"));
  auto* browse = new QToolButton(this);
  browse->setText(tr("Browse..."));
  row->addWidget(edit, 1);
  row->addWidget(browse);
  form->addRow(label, row);
  connect(browse, &QToolButton::clicked, this, [this, edit, file, label] {
    const QString start = edit->text().isEmpty() ? root_->text() : edit->text();
    const QString path =
        file ? QFileDialog::getOpenFileName(this, label, start,
                                            tr("Checkpoints (*.safetensors);;All files (*)"))
             : QFileDialog::getExistingDirectory(this, label, start);
    if (!path.isEmpty()) edit->setText(path);
  });
  connect(edit, &QLineEdit::editingFinished, this, &SettingsDialog::detect);
  return edit;
}

SettingsDialog::SettingsDialog(QWidget* parent) : QDialog(parent) {
  setObjectName("settingsDialog");
  setWindowTitle(tr("Settings"));
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(buildModelsGroup());
  summary_ = new QLabel(this);
  summary_->setObjectName("settingsSummary");
  summary_->setWordWrap(true);
  layout->addWidget(summary_);
  components_ = makeComponentTree(this);
  components_->setMinimumHeight(150);
  layout->addWidget(components_, 1);

  auto* engine = new QGroupBox(tr("Engine and output"), this);
  auto* ef = new QFormLayout(engine);
  addComputeRows(ef);
  addOutputRows(ef);
  layout->addWidget(engine);
  layout->addWidget(buildButtons());
  loadCurrent();
  resize(720, 640);
}

// The models root, the checkpoint and variant found there, and the per-component overrides.
QGroupBox* SettingsDialog::buildModelsGroup() {
  auto* models = new QGroupBox(tr("Models"), this);
  auto* mf = new QFormLayout(models);
  auto* rootRow = new QHBoxLayout();
  root_ = new QLineEdit(this);
  root_->setObjectName("modelsRoot");
  root_->setPlaceholderText(
      tr("a ComfyUI models/ folder, a diffusers SDXL folder or a checkpoint file"));
  auto* browse = new QToolButton(this);
  browse->setText(tr("Browse..."));
  rootRow->addWidget(root_, 1);
  rootRow->addWidget(browse);
  mf->addRow(tr("Models folder"), rootRow);
  connect(browse, &QToolButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Models folder"), root_->text());
    if (!dir.isEmpty()) setRoot(dir);
  });
  connect(root_, &QLineEdit::editingFinished, this, &SettingsDialog::detect);
  checkpoint_ = new QComboBox(this);
  checkpoint_->setObjectName("checkpoint");
  mf->addRow(tr("Checkpoint"), checkpoint_);
  variant_ = new QComboBox(this);
  variant_->setObjectName("variant");
  mf->addRow(tr("HyperLoRA variant"), variant_);
  sdxl_ = pathRow(mf, tr("SDXL checkpoint (override)"), "sdxlPath", true);
  hyperLora_ = pathRow(mf, tr("HyperLoRA folder (override)"), "hyperLoraPath", false);
  clip_ = pathRow(mf, tr("CLIP ViT-L/14 folder (override)"), "clipPath", false);
  faces_ = pathRow(mf, tr("Face models folder (antelopev2)"), "facesPath", false);
  tokenizer_ = pathRow(mf, tr("Tokenizer folder (override)"), "tokenizerPath", false);
  return models;
}

// Device, precision, memory mode, LoRA application, CUDA graphs, per-network placement.
void SettingsDialog::addComputeRows(QFormLayout* ef) {
  device_ = new QComboBox(this);
  device_->setObjectName("device");
  device_->addItem(tr("Automatic (CUDA when present)"), "auto");
  device_->addItem(tr("CPU"), "cpu");
  device_->addItem(tr("CUDA GPU"), "cuda");
  if (studio::cudaDevices() == 0) {
    device_->setItemData(2, tr("This build or machine has no CUDA device"), Qt::ToolTipRole);
    device_->setItemData(2, 0, Qt::UserRole - 1);  // disabled item
  }
  ef->addRow(tr("Device"), device_);
  precision_ = new QComboBox(this);
  precision_->setObjectName("precision");
  precision_->addItem(tr("Automatic (fp16 on GPU, fp32 on CPU)"), "auto");
  precision_->addItem(tr("fp32 (exact, slower)"), "fp32");
  precision_->addItem(tr("bf16 (about 2x faster on CPU)"), "bf16");
  precision_->addItem(tr("fp16 (GPU only)"), "fp16");
  ef->addRow(tr("Precision"), precision_);
  memory_ = new QComboBox(this);
  memory_->setObjectName("memory");
  memory_->addItem(tr("Everything on the device (fastest)"), "resident");
  memory_->addItem(tr("Text encoders offloaded after encoding"), "offload-text");
  memory_->addItem(tr("Sequential offload (8 GB cards; slowest)"), "sequential");
  memory_->setToolTip(
      tr("How much of the models stays in GPU memory between uses. Lower it when a "
         "generation runs out of memory. The lower modes also apply LoRAs at run "
         "time and give the HyperLoRA bases back between syntheses, which saves "
         "memory on the CPU too."));
  ef->addRow(tr("GPU memory"), memory_);
  loraApply_ = new QComboBox(this);
  loraApply_->setObjectName("loraApply");
  loraApply_->addItem(tr("Automatic (merged unless memory is saved)"), "auto");
  loraApply_->addItem(tr("Merged into the weights (fastest steps)"), "merge");
  loraApply_->addItem(tr("Applied at run time (least memory, instant sliders)"), "runtime");
  loraApply_->setToolTip(
      tr("Merging copies every weight a LoRA or the ID-LoRA touches (about 2 GB "
         "for an ID-LoRA in bf16) and recomputes them when a strength changes; "
         "at run time the LoRAs are added beside the layers instead, a little "
         "slower per step."));
  ef->addRow(tr("LoRAs"), loraApply_);
  cudaGraphs_ = new QCheckBox(tr("Record the UNet step once and replay it (CUDA graphs)"), this);
  cudaGraphs_->setObjectName("cudaGraphs");
  cudaGraphs_->setToolTip(
      tr("On an NVIDIA GPU each step is launched as one recorded graph instead "
         "of thousands of separate kernels. It is checked against the ordinary "
         "step when recorded and given up by itself if they differ; turn it "
         "off to rule it out when something looks wrong."));
  ef->addRow(tr("GPU steps"), cudaGraphs_);
  placement_ = new QLineEdit(this);
  placement_->setObjectName("placement");
  placement_->setPlaceholderText(tr("e.g. vae=cpu:fp32, text_encoders=cpu"));
  placement_->setToolTip(
      tr("Where single networks run, overriding the device and precision above. "
         "Networks: text_encoders, unet, vae, controlnet, clip_vision, resampler, "
         "lora_synthesis"));
  ef->addRow(tr("Per-network placement"), placement_);
}

void SettingsDialog::addOutputRows(QFormLayout* ef) {
  auto* outRow = new QHBoxLayout();
  output_ = new QLineEdit(this);
  output_->setObjectName("outputFolder");
  auto* outBrowse = new QToolButton(this);
  outBrowse->setText(tr("Browse..."));
  outRow->addWidget(output_, 1);
  outRow->addWidget(outBrowse);
  ef->addRow(tr("Export folder"), outRow);
  connect(outBrowse, &QToolButton::clicked, this, [this] {
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Export folder"), output_->text());
    if (!dir.isEmpty()) output_->setText(dir);
  });
  language_ = new QComboBox(this);
  language_->setObjectName("language");
  language_->addItem("English", "en");
  language_->addItem(QString::fromUtf8("简体中文"), "zh_CN");
  language_->setToolTip(tr("Takes effect at the next start"));
  ef->addRow(tr("Language"), language_);
}

// OK checks the placement text first: a wrong one keeps the dialog open and says why.
QDialogButtonBox* SettingsDialog::buildButtons() {
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, [this] {
    const std::string problem = studio::checkPlacement(placement_->text().toStdString());
    if (!problem.empty()) {
      placement_->setFocus();
      placement_->setToolTip(QString::fromStdString(problem));
      placement_->setStyleSheet("QLineEdit { border: 1px solid #d93025; }");
      return;
    }
    save();
    accept();
  });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  return buttons;
}

void SettingsDialog::loadCurrent() {
  QSettings s;
  const EngineSettings e = EngineSettings::load();
  root_->setText(s.value("models/root").toString());
  sdxl_->setText(e.sdxl);
  hyperLora_->setText(e.hyperLora);
  clip_->setText(e.clipVision);
  faces_->setText(e.faces);
  tokenizer_->setText(e.tokenizer);
  device_->setCurrentIndex(std::max(0, device_->findData(e.device)));
  precision_->setCurrentIndex(std::max(0, precision_->findData(e.precision)));
  memory_->setCurrentIndex(std::max(0, memory_->findData(e.memory)));
  loraApply_->setCurrentIndex(std::max(0, loraApply_->findData(e.loraApply)));
  cudaGraphs_->setChecked(e.cudaGraphs);
  placement_->setText(e.placement);
  output_->setText(
      s.value("output/folder", QStandardPaths::writableLocation(QStandardPaths::PicturesLocation))
          .toString());
  const QString lang = s.value("ui/language", QLocale::system().name()).toString();
  language_->setCurrentIndex(lang.startsWith("zh") ? 1 : 0);
  detect();
  const int cp = checkpoint_->findData(e.checkpoint);
  if (cp >= 0) checkpoint_->setCurrentIndex(cp);
  const int vr = variant_->findData(e.variant);
  if (vr >= 0) variant_->setCurrentIndex(vr);
}

void SettingsDialog::setRoot(const QString& root) {
  root_->setText(root);
  detect();
}

QString SettingsDialog::root() const {
  return root_->text().trimmed();
}

EngineSettings SettingsDialog::engineSettings() const {
  EngineSettings e;
  e.sdxl = sdxl_->text().trimmed();
  e.hyperLora = hyperLora_->text().trimmed();
  e.clipVision = clip_->text().trimmed();
  e.faces = faces_->text().trimmed();
  e.tokenizer = tokenizer_->text().trimmed();
  e.checkpoint = checkpoint_->currentData().toString();
  e.variant = variant_->currentData().toString();
  e.device = device_->currentData().toString();
  e.precision = precision_->currentData().toString();
  e.memory = memory_->currentData().toString();
  e.loraApply = loraApply_->currentData().toString();
  e.cudaGraphs = cudaGraphs_->isChecked();
  e.placement = placement_->text().trimmed();
  return e;
}

void SettingsDialog::detect() {
  // Discovery only looks at names and sizes, so it is quick enough for the GUI thread.
  const QString keepCheckpoint = checkpoint_->currentData().toString();
  const QString keepVariant = variant_->currentData().toString();
  set_ = root().isEmpty() && engineSettings().sdxl.isEmpty()
             ? ModelSet()
             : studio::discover(root().toStdString(), engineSettings().options());
  checkpoint_->clear();
  checkpoint_->addItem(tr("Automatic"), QString());
  for (const auto& c : set_.checkpointAlternatives) {
    const QString name = QDir(QString::fromStdString(c)).dirName();
    checkpoint_->addItem(name, name);
  }
  variant_->clear();
  variant_->addItem(tr("Automatic"), QString());
  for (const auto& v : set_.hyperLoraVariants)
    variant_->addItem(QString::fromStdString(v), QString::fromStdString(v));
  checkpoint_->setCurrentIndex(std::max(0, checkpoint_->findData(keepCheckpoint)));
  variant_->setCurrentIndex(std::max(0, variant_->findData(keepVariant)));
  checkpoint_->setEnabled(checkpoint_->count() > 1);
  variant_->setEnabled(variant_->count() > 1);
  summary_->setText(modelSetSummary(set_));
  fillComponents(components_, set_);
}

void SettingsDialog::save() const {
  QSettings s;
  s.setValue("models/root", root());
  engineSettings().save();
  s.setValue("output/folder", output_->text().trimmed());
  s.setValue("ui/language", language_->currentData().toString());
}

// --- First run ----------------------------------------------------------------------------------

FirstRunDialog::FirstRunDialog(QWidget* parent) : QDialog(parent) {
  setObjectName("firstRunDialog");
  setWindowTitle(tr("Welcome to HyperLoRA Studio"));
  auto* layout = new QVBoxLayout(this);
  auto* intro = new QLabel(
      tr("<b>HyperLoRA Studio needs model files that you download yourself.</b><br>"
         "An SDXL checkpoint to make images; for identities also the HyperLoRA weights, "
         "CLIP ViT-L/14 and insightface's antelopev2 face models. A ComfyUI <tt>models/</tt> "
         "folder that has them works as it is. Until then the demo models let you try "
         "everything, but their images are noise."),
      this);
  intro->setWordWrap(true);
  layout->addWidget(intro);
  summary_ = new QLabel(this);
  summary_->setObjectName("firstRunSummary");
  summary_->setWordWrap(true);
  layout->addWidget(summary_);
  components_ = makeComponentTree(this);
  layout->addWidget(components_, 1);
  auto* buttons = new QHBoxLayout();
  auto* choose = new QPushButton(tr("Choose models folder..."), this);
  choose->setObjectName("firstRunChoose");
  auto* settings = new QPushButton(tr("Settings..."), this);
  use_ = new QPushButton(tr("Use these models"), this);
  use_->setObjectName("firstRunUse");
  use_->setEnabled(false);
  auto* demo = new QPushButton(tr("Continue with demo models"), this);
  demo->setObjectName("firstRunDemo");
  buttons->addWidget(choose);
  buttons->addWidget(settings);
  buttons->addStretch(1);
  buttons->addWidget(demo);
  buttons->addWidget(use_);
  layout->addLayout(buttons);
  connect(choose, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Models folder"));
    if (!dir.isEmpty()) check(dir);
  });
  connect(settings, &QPushButton::clicked, this, [this] {
    emit openSettings();
    accept();
  });
  connect(demo, &QPushButton::clicked, this, [this] {
    emit useDemo();
    accept();
  });
  connect(use_, &QPushButton::clicked, this, [this] {
    emit useModels(QString::fromStdString(set_.root));
    accept();
  });
  check(QString());
  resize(720, 520);
}

void FirstRunDialog::check(const QString& root) {
  set_ = studio::discover(root.toStdString(), EngineSettings::load().options());
  set_.root = root.toStdString();
  summary_->setText(modelSetSummary(set_));
  fillComponents(components_, set_);
  use_->setEnabled(!root.isEmpty() && set_.canGenerate());
  use_->setDefault(use_->isEnabled());
}

}  // namespace ui
}  // namespace hl
