/* hl-phone-pane.c  (skeleton, being written) */

#include "config.h"

#include "hl-phone-pane.h"
#include "hl-workspace-view.h"

struct _HlPhonePane
{
  AdwBin parent_instance;
};

static void workspace_view_iface_init (HlWorkspaceViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HlPhonePane, hl_phone_pane, ADW_TYPE_BIN,
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
hl_phone_pane_class_init (HlPhonePaneClass *klass)
{
}

static void
hl_phone_pane_init (HlPhonePane *self)
{
}

gboolean
hl_phone_pane_set_number_from_uri (HlPhonePane *self,
                                   const char  *uri)
{
  return FALSE;
}

void
hl_phone_pane_set_availability (HlPhonePane    *self,
                                HlAvailability  availability)
{
}
