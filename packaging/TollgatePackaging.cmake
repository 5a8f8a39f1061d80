# Install layout and the Debian package (CPack DEB). The app's one id, org.tollgate.Tollgate, names
# the desktop entry, the AppStream metainfo and the icon. `tollgate` itself is installed by
# app/CMakeLists.txt; `cpack -G DEB` in the build tree builds the package.
include(GNUInstallDirs)

set(TOLLGATE_APP_ID org.tollgate.Tollgate)
if(TOLLGATE_GUI)
    install(FILES ${PROJECT_SOURCE_DIR}/packaging/${TOLLGATE_APP_ID}.desktop
            DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    install(FILES ${PROJECT_SOURCE_DIR}/packaging/${TOLLGATE_APP_ID}.metainfo.xml
            DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/app/${TOLLGATE_APP_ID}.svg
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/app/${TOLLGATE_APP_ID}.png
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/256x256/apps)
endif()
install(FILES ${PROJECT_SOURCE_DIR}/packaging/tollgate.service
        DESTINATION lib/systemd/system)

set(CPACK_PACKAGE_NAME tollgate)
set(CPACK_PACKAGE_VENDOR "The Tollgate developers")
set(CPACK_PACKAGE_CONTACT "Tollgate developers <dev@tollgate.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Sovereign LLM gateway with a desktop manager")
set(CPACK_PACKAGE_DESCRIPTION
    "An OpenAI-compatible gateway: one API over many providers, routing and fallback, and a live\n\
view of every request's provider, latency and cost. Runs as a desktop app or headless.")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://tollgate.org/")
set(CPACK_PACKAGE_INSTALL_DIRECTORY tollgate)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Shared libraries come from dpkg-shlibdeps; Qt's plugins are loaded at runtime, so the packages
# that carry them (SQLite driver; SVG icons and platform integration for the window) are named.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(TOLLGATE_DEB_DEPENDS "libqt6sql6-sqlite")
if(TOLLGATE_GUI)
    string(APPEND TOLLGATE_DEB_DEPENDS ", libqt6svg6")
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${TOLLGATE_DEB_DEPENDS}")
set(CPACK_GENERATOR DEB)
include(CPack)
