# Every third-party package, found once, with explicit components. Only Debian 12 packages.

find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)

# DCMTK 3.6.7: DICOM parsing and its JPEG, JPEG-LS and RLE codecs.
find_package(DCMTK REQUIRED CONFIG)

# OpenJPEG: DCMTK has no JPEG 2000 codec, so we decode and encode J2K frames ourselves.
find_package(PkgConfig REQUIRED)
pkg_check_modules(OPENJPEG REQUIRED IMPORTED_TARGET libopenjp2)

# ITK 5.2 without ITK_USE_FILE: we register the few ImageIO factories we use by hand so that
# include directories stay SYSTEM and builds do not generate factory headers.
set(TROCAR_ITK_COMPONENTS
    ITKCommon
    ITKIOImageBase
    ITKIONIFTI
    ITKIONRRD
    ITKIOMeta
    ITKImageGrid
    ITKImageFunction
    ITKIOPNG
    ITKTransform)
find_package(ITK 5.2 REQUIRED COMPONENTS ${TROCAR_ITK_COMPONENTS})
add_library(trocar_itk INTERFACE)
target_include_directories(trocar_itk SYSTEM INTERFACE ${ITK_INCLUDE_DIRS})
target_link_libraries(trocar_itk INTERFACE ${ITK_LIBRARIES})

# ITK's config imports every ITK target; the GDCM series reader (ITKIOGDCM) is linked only by
# benchmarks and cross-check tests, as the reference approach.

add_library(trocar_dcmtk INTERFACE)
target_include_directories(trocar_dcmtk SYSTEM INTERFACE ${DCMTK_INCLUDE_DIRS})
target_link_libraries(trocar_dcmtk INTERFACE DCMTK::dcmdata DCMTK::dcmjpeg DCMTK::dcmjpls
                                             DCMTK::ofstd DCMTK::oflog)

# VTK 9.1: scene building and OpenGL rendering (modules/render). Only the components we use, and
# never GUISupportQt: Debian builds it against Qt 5, which cannot share a process with Qt 6 (see
# ARCHITECTURE.md). Imported targets' include directories are SYSTEM, so -Werror stays ours.
set(TROCAR_VTK_COMPONENTS
    CommonCore CommonDataModel CommonExecutionModel CommonMath CommonTransforms
    FiltersCore FiltersGeneral FiltersModeling FiltersSources
    ImagingCore ImagingGeneral
    RenderingCore RenderingOpenGL2 RenderingFreeType RenderingAnnotation RenderingImage
    InteractionStyle)
find_package(VTK 9.1 REQUIRED COMPONENTS ${TROCAR_VTK_COMPONENTS})

# Qt 6.4: the workstation's widgets (modules/ui, app). OpenGL and OpenGLWidgets host VTK's render
# window; AUTOMOC is switched on per Qt target, not globally.
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Widgets OpenGL OpenGLWidgets Test Concurrent PrintSupport)
