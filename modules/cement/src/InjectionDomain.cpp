#include "trocar/cement/InjectionDomain.h"

namespace trocar::cement {

std::string toString(Tissue tissue) {
  switch (tissue) {
    case Tissue::kClosed: return "closed";
    case Tissue::kCancellous: return "cancellous";
    case Tissue::kCortex: return "cortex";
    case Tissue::kSuperiorEndplate: return "superior endplate";
    case Tissue::kInferiorEndplate: return "inferior endplate";
    case Tissue::kVertebralBone: return "pedicle/posterior bone";
    case Tissue::kCanal: return "canal";
    case Tissue::kForamen: return "foramen";
    case Tissue::kSuperiorDisc: return "superior disc";
    case Tissue::kInferiorDisc: return "inferior disc";
    case Tissue::kParavertebral: return "paravertebral";
    case Tissue::kAnterior: return "anterior";
  }
  return "?";
}

std::string toString(LeakDestination destination) {
  switch (destination) {
    case LeakDestination::kCanal: return "canal/epidural";
    case LeakDestination::kForamen: return "foramen";
    case LeakDestination::kSuperiorDisc: return "superior disc";
    case LeakDestination::kInferiorDisc: return "inferior disc";
    case LeakDestination::kParavertebral: return "paravertebral/venous";
    case LeakDestination::kAnterior: return "anterior";
  }
  return "?";
}

std::optional<LeakDestination> leakDestinationOf(Tissue tissue) {
  switch (tissue) {
    case Tissue::kCanal: return LeakDestination::kCanal;
    case Tissue::kForamen: return LeakDestination::kForamen;
    case Tissue::kSuperiorDisc: return LeakDestination::kSuperiorDisc;
    case Tissue::kInferiorDisc: return LeakDestination::kInferiorDisc;
    case Tissue::kParavertebral: return LeakDestination::kParavertebral;
    case Tissue::kAnterior: return LeakDestination::kAnterior;
    default: return std::nullopt;
  }
}

InjectionDomain InjectionDomain::uniform(const CementGrid& grid, double permeabilityM2, double porosity, Tissue tissue) {
  InjectionDomain d;
  d.grid = grid;
  d.tissue.assign(grid.voxelCount(), uint8_t(tissue));
  d.permeabilityM2.assign(grid.voxelCount(), float(permeabilityM2));
  d.porosity.assign(grid.voxelCount(), float(porosity));
  if (isBody(tissue)) d.bodyVolumeMl = double(grid.voxelCount()) * grid.voxelVolumeMl();
  return d;
}

}  // namespace trocar::cement
