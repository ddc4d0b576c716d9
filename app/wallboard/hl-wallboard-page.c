/* hl-wallboard-page.c  (skeleton, being written) */

#include "config.h"

#include "hl-wallboard-page.h"
#include "hl-workspace-view.h"

struct _HlWallboardPage
{
  AdwBin parent_instance;
};

static void workspace_view_iface_init (HlWorkspaceViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HlWallboardPage, hl_wallboard_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (HL_TYPE_WORKSPACE_VIEW, workspace_view_iface_init))

static void
set_workspace (HlWorkspaceView *view,
               HlWorkspace     *workspace)
{
}

static void
workspace_view_iface_init (HlWorkspaceViewInterface *iface)
{
  iface->set_workspace = set_workspace;
}

static void
hl_wallboard_page_class_init (HlWallboardPageClass *klass)
{
}

static void
hl_wallboard_page_init (HlWallboardPage *self)
{
}
